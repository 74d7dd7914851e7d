package learning.api.forecast;

import java.time.Instant;

/**
 * A read of resolved outcomes, newest first. Null fields do not filter.
 *
 * @param producerId only this producer
 * @param asset only this asset
 * @param horizon only this horizon label
 * @param since only outcomes of forecasts made at or after it
 * @param limit at most this many, 1 to 10,000
 */
public record OutcomeQuery(String producerId, String asset, String horizon, Instant since, int limit) {
}
