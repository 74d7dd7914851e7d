package learning.api.weights;

import java.time.Instant;

/**
 * One row of the weights history: one domain in one cycle or operator action.
 *
 * @param adjustmentId the cycle or action this row belongs to
 * @param cycleType weekly, monthly, or operator
 * @param domain the domain
 * @param oldWeight weight before
 * @param newWeight weight after (or proposed, while pending)
 * @param delta {@code newWeight - oldWeight}
 * @param reason adjusted, reverted, cold_start_baseline, insufficient_data, operator, ...
 * @param status pending, applied, rejected, reverted or observed
 * @param approvedBy the operator who approved or rejected it, or null
 * @param adjuster the implementation that proposed it
 * @param ts the cycle's instant
 */
public record WeightChange(String adjustmentId, String cycleType, Domain domain, double oldWeight, double newWeight,
        double delta, String reason, AdjustmentStatus status, String approvedBy, String adjuster, Instant ts) {
}
