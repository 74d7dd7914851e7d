package learning.weights.internal;

import java.util.Locale;

import learning.api.weights.WeightPreset;

/**
 * The weight service's validated settings. Building one checks everything, so a bad configuration
 * is refused as a whole and the previous one stays in force.
 *
 * @param preset the preset the weights start from and revert to
 * @param approvalRequired whether a cycle's proposal waits for an operator
 * @param cycleType weekly or monthly (the label of history rows; the loop schedules it)
 * @param bounds the weight bounds
 * @param maxDelta the largest change per domain and cycle from 90 days of history on
 * @param warmMaxDelta the same from 30 to 89 days
 * @param windowDays the window of closed positions a cycle learns from
 * @param minObservations fewer positions in the window than this: no change
 * @param coldStartDays below this age of the first closed position: observe only
 * @param fullStrengthDays from this age on: {@code maxDelta}, before it {@code warmMaxDelta}
 * @param reversionThreshold this many strictly falling window mean PnLs in a row revert to the preset
 */
public record WeightsConfig(WeightPreset preset, boolean approvalRequired, String cycleType, Bounds bounds, double maxDelta,
        double warmMaxDelta, int windowDays, int minObservations, int coldStartDays, int fullStrengthDays,
        int reversionThreshold) {

    public static WeightsConfig defaults() {
        return new WeightsConfig(WeightPreset.BALANCED, false, "weekly", new Bounds(0.05, 0.40), 0.02, 0.01, 30, 20,
                30, 90, 3);
    }

    /**
     * @throws IllegalArgumentException naming the setting and the problem
     */
    public static WeightsConfig of(String preset, boolean approvalRequired, String cycleType, double minWeight,
            double maxWeight, double maxDelta, double warmMaxDelta, int windowDays, int minObservations,
            int coldStartDays, int fullStrengthDays, int reversionThreshold) {
        WeightPreset p = preset(preset);
        String type = cycleType == null ? "" : cycleType.trim().toLowerCase(Locale.ROOT);
        if (!type.equals("weekly") && !type.equals("monthly")) {
            throw new IllegalArgumentException("cycle.type must be weekly or monthly, not '" + cycleType + "'");
        }
        Bounds bounds;
        try {
            bounds = new Bounds(minWeight, maxWeight);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("min.weight/max.weight: " + e.getMessage());
        }
        if (!(maxDelta >= 0) || !(warmMaxDelta >= 0) || maxDelta > 1 || warmMaxDelta > 1) {
            throw new IllegalArgumentException("max.delta and warm.max.delta must lie in [0, 1], not "
                    + maxDelta + " and " + warmMaxDelta);
        }
        if (windowDays < 1 || minObservations < 1 || coldStartDays < 0 || fullStrengthDays < coldStartDays
                || reversionThreshold < 1) {
            throw new IllegalArgumentException("window.days, min.observations and reversion.threshold must be"
                    + " at least 1, and full.strength.days at least cold.start.days");
        }
        return new WeightsConfig(p, approvalRequired, type, bounds, maxDelta, warmMaxDelta, windowDays,
                minObservations, coldStartDays, fullStrengthDays, reversionThreshold);
    }

    static WeightPreset preset(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        try {
            return WeightPreset.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown preset '" + name + "': use balanced, conservative or degen");
        }
    }
}
