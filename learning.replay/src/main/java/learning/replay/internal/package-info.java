/**
 * The replay: real price bars (embedded or from a file, extended by a seeded block bootstrap),
 * simulated producers of known skill, and a driver that feeds the engine through its API at
 * simulated time and runs the real cycles at a simulated cadence. Private to this bundle.
 */
package learning.replay.internal;
