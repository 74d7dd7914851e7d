/**
 * Producer karma (an EMA of trade outcomes per producer) and producer scoring (staleness, error rate, own win rate).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package learning.api.karma;
