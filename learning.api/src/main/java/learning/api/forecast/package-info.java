/**
 * Forecast-level learning: the swappable outcome resolver role, resolved outcomes and the performance aggregator tables. Readers of this package never see prices.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package learning.api.forecast;
