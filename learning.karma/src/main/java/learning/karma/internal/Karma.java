package learning.karma.internal;

import java.util.Collection;

/**
 * The karma rules (DESIGN section 4, "Producer karma"), free of storage so they can be checked
 * on their own.
 */
final class Karma {
    /** The EMA keeps this share of the old value. */
    static final double DECAY = 0.95;
    /** The EMA gives the new outcome this share (written out: 1 - 0.95 is not exactly 0.05 in binary). */
    static final double STEP = 0.05;
    /** PnL within this many USD of zero is neutral: no evidence either way. */
    static final double NEUTRAL_BAND_USD = 0.01;
    /** Mean signal confidence above this is the "high" bucket. */
    static final double HIGH_CONFIDENCE = 0.65;
    /** Mean signal confidence below this is the "low" bucket. */
    static final double LOW_CONFIDENCE = 0.45;

    private Karma() {
    }

    /** @return +1 for a win (pnl above 0.01), -1 for a loss (below -0.01), 0 in between */
    static double outcome(double realizedPnl) {
        if (realizedPnl > NEUTRAL_BAND_USD) {
            return 1.0;
        }
        if (realizedPnl < -NEUTRAL_BAND_USD) {
            return -1.0;
        }
        return 0.0;
    }

    /**
     * @return the karma after one trade: unchanged for a neutral outcome, else the EMA step.
     *         Losses count too (the reference skipped them, so its karma never left its start).
     */
    static double next(double karma, double outcome) {
        return outcome == 0.0 ? karma : karma * DECAY + outcome * STEP;
    }

    /**
     * The confidence bucket of a trade from its signals' confidence, as FLYWHEEL_SPEC defines it
     * (the reference derived it from the PnL's size instead).
     *
     * @param confidences the signals' confidences; nulls (not reported) are left out
     * @return high, mid, low, or unknown when no signal reported a confidence
     */
    static String confidenceBucket(Collection<Double> confidences) {
        double sum = 0;
        int n = 0;
        for (Double c : confidences) {
            if (c != null) {
                sum += c;
                n++;
            }
        }
        if (n == 0) {
            return "unknown";
        }
        double mean = sum / n;
        return mean > HIGH_CONFIDENCE ? "high" : mean < LOW_CONFIDENCE ? "low" : "mid";
    }
}
