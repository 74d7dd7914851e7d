package learning.api.karma;

import java.time.Instant;

/**
 * The result of the karma sweep over closed trades not applied yet.
 *
 * @param asOf trades closed at or before it are considered
 * @param trades trades applied by this sweep
 * @param producerUpdates producer updates made
 */
public record KarmaSweep(Instant asOf, int trades, int producerUpdates) {
}
