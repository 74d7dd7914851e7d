/** The cycle runner, the full cycle and the cadence scheduler. Private to this bundle. */
package learning.loop.internal;
