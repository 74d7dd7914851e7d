/**
 * The outcome resolver, the price sources (local bars, Binance klines) and the performance
 * aggregator. Private to this bundle: other bundles reach them only through the API services.
 */
package learning.forecast.internal;
