/**
 * The input ledger written by the trading engine: positions, convictions with their domain scores, accepted signals, producer health, price bars and forecasts.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package learning.api.ledger;
