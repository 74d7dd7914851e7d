/**
 * Producer karma (an EMA of trade outcomes per producer, applied once per trade and producer)
 * and producer scoring. Private to this bundle.
 */
package learning.karma.internal;
