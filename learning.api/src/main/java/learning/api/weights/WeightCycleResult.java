package learning.api.weights;

import java.time.Instant;
import java.util.Map;

/**
 * The result of a weights cycle.
 *
 * @param adjustmentId id of the cycle's rows in the history
 * @param asOf the cycle's instant
 * @param reason adjusted, reverted, cold_start_baseline, cold_start_no_history, insufficient_data
 * @param status applied, pending, reverted or observed
 * @param observations closed positions with a conviction in the window
 * @param maxDelta the cycle's max delta (0 during the cold start)
 * @param previous the live weights before
 * @param proposed the weights after bounds (the live weights after, unless pending)
 * @param adjuster the implementation used
 * @param challengers what every other installed adjuster would have proposed, after the same
 *        clamps and bounds, by implementation name
 * @param windowMeanPnl the window's mean realized PnL in USD, or null when the window was empty
 */
public record WeightCycleResult(String adjustmentId, Instant asOf, String reason, AdjustmentStatus status,
        int observations, double maxDelta, Map<Domain, Double> previous, Map<Domain, Double> proposed,
        String adjuster, Map<String, Map<Domain, Double>> challengers, Double windowMeanPnl) {
}
