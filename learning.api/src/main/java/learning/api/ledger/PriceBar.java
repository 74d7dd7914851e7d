package learning.api.ledger;

import java.time.Instant;

/**
 * One OHLCV bar. Prices are in the quote currency (USD), positive and finite, with
 * {@code low <= min(open, close)} and {@code high >= max(open, close)}.
 *
 * @param asset the asset, upper case (for example {@code "BTC"})
 * @param interval the bar length label ({@code "5m"}, {@code "1h"}, {@code "4h"}, {@code "1d"}, ...)
 * @param openTime when the bar opened (UTC)
 * @param closeTime when the bar closed (UTC), after {@code openTime}
 * @param open first price
 * @param high highest price
 * @param low lowest price
 * @param close last price
 * @param volume traded volume, at least 0
 * @param source where the bar came from ({@code "rest"}, {@code "binance"}, ...)
 */
public record PriceBar(String asset, String interval, Instant openTime, Instant closeTime, double open, double high,
        double low, double close, double volume, String source) {
}
