package learning.api.weights;

import java.util.List;
import java.util.Map;

/**
 * The live domain weights as synthesis should use them.
 *
 * @param weights weight per domain, each in [0.05, 0.40], summing to 1
 * @param preset the configured preset
 * @param presetWeights the preset's weights
 * @param source preset or learned
 * @param pending cycles waiting for approval, oldest first
 */
public record LiveWeights(Map<Domain, Double> weights, WeightPreset preset, Map<Domain, Double> presetWeights,
        WeightSource source, List<WeightCycleResult> pending) {
}
