package learning.api.price;

import java.time.Instant;

/**
 * The price of an asset at an instant: the close of the last bar that had closed by then.
 *
 * @param asset the asset, upper case
 * @param at the instant asked for
 * @param price the bar's close, positive
 * @param barCloseTime when that bar closed, at or before {@code at}
 * @param interval the bar's interval label
 * @param source the source that supplied it
 */
public record PricePoint(String asset, Instant at, double price, Instant barCloseTime, String interval,
        String source) {
}
