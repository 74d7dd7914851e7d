package learning.api.weights;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a {@link WeightAdjuster} sees in one cycle.
 *
 * @param asOf the cycle's instant
 * @param windowStart start of the window ({@code asOf} minus 30 days)
 * @param previous the live weights before the cycle (in [0.05, 0.40], summing to 1)
 * @param preset the preset's weights
 * @param maxDelta the largest change per domain allowed this cycle: 0.01 or 0.02
 * @param positions the window's closed positions with a conviction, oldest first
 */
public record WeightWindow(Instant asOf, Instant windowStart, Map<Domain, Double> previous,
        Map<Domain, Double> preset, double maxDelta, List<WindowPosition> positions) {
}
