package learning.api.weights;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Holds the live domain weights, runs weights cycles with the live {@link WeightAdjuster}, and
 * takes the operator's review actions. Every action is recorded in the history and audited as a
 * {@code learning.weight_adjustment.v1} event.
 */
@ProviderType
public interface WeightService {
    /** @return the live weights */
    LiveWeights live();

    /**
     * Runs a weights cycle over the 30 days before {@code asOf}.
     *
     * @param asOf the cycle's instant
     * @return what the cycle did
     */
    WeightCycleResult runCycle(Instant asOf);

    /**
     * @param since only rows at or after it, or null
     * @param limit at most this many rows, newest first
     * @return history rows
     */
    List<WeightChange> history(Instant since, int limit);

    /**
     * Applies a pending cycle.
     *
     * @param adjustmentId the pending cycle
     * @param operator who approves
     * @return the live weights after
     * @throws learning.api.NotFoundException when no such pending cycle exists
     */
    LiveWeights approve(String adjustmentId, String operator);

    /**
     * Refuses a pending cycle; it is never applied.
     *
     * @param adjustmentId the pending cycle
     * @param operator who rejects
     * @return the live weights (unchanged)
     */
    LiveWeights reject(String adjustmentId, String operator);

    /**
     * Returns the live weights to the preset and removes the overlay.
     *
     * @param operator who asks
     * @return the live weights after
     */
    LiveWeights revertToPreset(String operator);

    /**
     * Chooses the preset.
     *
     * @param preset the new preset
     * @param operator who asks
     * @return the live weights after
     */
    LiveWeights selectPreset(WeightPreset preset, String operator);
}
