package learning.api.attribution;

import java.time.Instant;
import java.util.List;

/**
 * The result of the daily sweep over closed positions not attributed yet.
 *
 * @param asOf the sweep's instant: positions closed at or before it are considered
 * @param attributed positions attributed by this sweep
 * @param gaps positions without a conviction found by this sweep
 * @param gapPositionIds their ids (at most 100)
 */
public record AttributionSweep(Instant asOf, int attributed, int gaps, List<String> gapPositionIds) {
}
