package learning.api.forecast;

/**
 * How two producers' calls relate for one asset and horizon over 2-hour episodes in which both
 * called. Producer a sorts before producer b.
 *
 * @param producerA the first producer
 * @param producerB the second producer
 * @param asset the asset
 * @param horizon the horizon label
 * @param sampleCount episodes in which both called
 * @param agreementRate share of those in which they made the same call
 * @param kappa Cohen's kappa of their calls, or null when undefined
 * @param agreementWinRate share of agreeing episodes in which the call was right, or null
 * @param disagreementWinRateA share of disagreeing episodes in which a was right, or null
 * @param disagreementWinRateB share of disagreeing episodes in which b was right, or null
 */
public record ProducerCorrelation(String producerA, String producerB, String asset, String horizon,
        long sampleCount, double agreementRate, Double kappa, Double agreementWinRate, Double disagreementWinRateA,
        Double disagreementWinRateB) {
}
