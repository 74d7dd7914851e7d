package learning.forecast.internal;

/**
 * What the aggregator needs of one resolved outcome.
 *
 * @param seq the outcome's sequence in {@code forecast_outcomes}
 * @param producer the producer
 * @param asset the asset
 * @param horizon the horizon label
 * @param regime the regime at forecast time
 * @param ts the forecast's time, epoch microseconds
 * @param forecastEventSeq the forecast event's sequence: breaks ties between calls made at the same time
 * @param action 0 long, 1 short, 2 flat
 * @param correct whether the call was right
 * @param confidence the forecast's confidence
 * @param brier its Brier score
 * @param logScore its log score
 */
record OutcomeRow(long seq, String producer, String asset, String horizon, String regime, long ts, long forecastEventSeq,
        int action, boolean correct, double confidence, double brier, double logScore) {

    static int action(String wire) {
        return switch (wire) {
            case "long" -> 0;
            case "short" -> 1;
            case "flat" -> 2;
            default -> throw new IllegalArgumentException("not a resolvable action: " + wire);
        };
    }

    /** @return whether this call is later than the other: forecast time, then forecast event order */
    boolean laterThan(OutcomeRow o) {
        return ts != o.ts ? ts > o.ts : forecastEventSeq > o.forecastEventSeq;
    }
}
