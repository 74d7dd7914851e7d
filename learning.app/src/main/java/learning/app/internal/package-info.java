/**
 * Runtime glue of the executable engine that belongs to no learning component: the JVM shutdown
 * hook that stops the framework cleanly. Private: nothing here is exported.
 */
package learning.app.internal;
