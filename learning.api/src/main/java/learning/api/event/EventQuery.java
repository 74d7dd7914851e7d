package learning.api.event;

import java.time.Instant;

/**
 * A read of the event log, newest first.
 *
 * @param type only events of this exact type, or null for all
 * @param since only events with {@code ts >= since}, or null
 * @param limit at most this many rows, 1 to 10,000
 */
public record EventQuery(String type, Instant since, int limit) {
}
