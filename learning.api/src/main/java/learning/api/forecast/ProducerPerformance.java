package learning.api.forecast;

import java.util.List;

/**
 * A producer's forecast performance in one group over the aggregator's window.
 *
 * @param producerId the producer
 * @param asset the asset
 * @param horizon the horizon label
 * @param regime the regime, or {@code "*"} for all regimes together
 * @param count resolved forecasts
 * @param winRate correct / count, or null below 5 outcomes
 * @param wilsonLow lower end of the Wilson 95 % interval of the win rate, or null below 5
 * @param wilsonHigh upper end, or null below 5
 * @param meanBrier mean Brier score
 * @param meanLogScore mean log score
 * @param meanConfidence mean confidence
 * @param confidenceCorrelation Pearson correlation of confidence and correctness, or null when
 *        either is constant
 * @param reliabilityBins 10 bins of confidence ({@code [0, 0.1)} ... {@code [0.9, 1]})
 * @param brierReliability the reliability term of the Brier decomposition (lower is better)
 * @param brierResolution the resolution term (higher is better)
 * @param brierUncertainty the uncertainty term, {@code base rate * (1 - base rate)}
 */
public record ProducerPerformance(String producerId, String asset, String horizon, String regime, long count,
        Double winRate, Double wilsonLow, Double wilsonHigh, double meanBrier, double meanLogScore,
        double meanConfidence, Double confidenceCorrelation, List<ReliabilityBin> reliabilityBins,
        double brierReliability, double brierResolution, double brierUncertainty) {
}
