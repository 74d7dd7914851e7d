package learning.forecast.internal;

import learning.api.ledger.ForecastAction;

/** How a forecast is scored against the prices at its time and at its target. */
final class Scoring {
    /** Log scores are taken of probabilities clipped to [EPSILON, 1 - EPSILON], so a confident miss costs at most -ln(1e-6). */
    static final double EPSILON = 1e-6;

    private Scoring() {
    }

    /** @return {@code (actual - forecast) / forecast * 100} */
    static double returnPct(double forecastPrice, double actualPrice) {
        return (actualPrice - forecastPrice) / forecastPrice * 100.0;
    }

    /**
     * @param flatBandPct the largest absolute return, in percent, that still counts as flat
     * @return whether the call was right: long if the price rose, short if it fell, flat if it moved
     *         no more than the band
     */
    static boolean correct(ForecastAction action, double forecastPrice, double actualPrice, double flatBandPct) {
        return switch (action) {
            case LONG -> actualPrice > forecastPrice;
            case SHORT -> actualPrice < forecastPrice;
            case FLAT -> Math.abs(returnPct(forecastPrice, actualPrice)) <= flatBandPct;
            case NO_FORECAST -> throw new IllegalArgumentException("an abstention is not scored");
        };
    }

    /** @return {@code (confidence - correct)^2} */
    static double brier(double confidence, boolean correct) {
        double d = confidence - (correct ? 1.0 : 0.0);
        return d * d;
    }

    /** @return {@code -ln(p)}, p the probability the forecast gave to what happened, clipped */
    static double logScore(double confidence, boolean correct) {
        double p = correct ? confidence : 1.0 - confidence;
        p = Math.min(1.0 - EPSILON, Math.max(EPSILON, p));
        return -Math.log(p);
    }
}
