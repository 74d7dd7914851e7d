package learning.replay.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import learning.api.weights.Domain;

/**
 * What a replay did, for logs and the learning-quality report.
 *
 * @param completed whether it ran to its end (false when stopped)
 * @param simStart the first decision's instant
 * @param simEnd the last simulated instant
 * @param decisions convictions synthesized (one per simulated hour)
 * @param positionsClosed positions opened and closed
 * @param forecasts forecasts recorded
 * @param cycleRuns cycle runs started
 * @param weightCycles weights cycles run
 * @param reverts weights cycles the overfitting guard reverted
 * @param failedCycles cycle runs that failed
 * @param brierSum sum over decisions of (conviction - 1[price rose over the hold])^2
 * @param pnlUsd realized PnL of all positions
 * @param resolvedOutcomes forecasts the resolve cycles resolved
 * @param metaGateAt when the resolved outcomes reached 500 (the meta-producer's activation gate), or null
 * @param trajectory the live weights after every weights cycle, and at the start
 * @param wallMillis wall-clock time taken
 * @param cpuMillis CPU time of the replay's thread (which also does the store's and the cycles' work)
 * @param prices how the price series was made
 * @param millis wall-clock milliseconds spent storing inputs ({@code ingest}) and in each cycle, by name
 */
public record ReplayResult(boolean completed, Instant simStart, Instant simEnd, int decisions, int positionsClosed,
        int forecasts, int cycleRuns, int weightCycles, int reverts, int failedCycles, double brierSum, double pnlUsd,
        long resolvedOutcomes, Instant metaGateAt, List<WeightPoint> trajectory, long wallMillis, long cpuMillis, String prices,
        Map<String, Long> millis) {

    /**
     * @param at the instant
     * @param weights the live weights then
     * @param status the weights cycle's status (applied, reverted, observed, pending), or {@code start}
     */
    public record WeightPoint(Instant at, Map<Domain, Double> weights, String status) {
    }

    /** @return mean Brier score of the conviction as the probability that the price rises over the hold */
    public double brier() {
        return decisions == 0 ? Double.NaN : brierSum / decisions;
    }
}
