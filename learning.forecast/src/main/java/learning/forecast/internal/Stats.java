package learning.forecast.internal;

/** The aggregator's formulas, over sufficient statistics. */
final class Stats {
    /** The 97.5 % quantile of the standard normal: a two-sided 95 % interval. */
    static final double Z95 = 1.959964;
    /** Confidences whose variance is below this are constant: a correlation with them means nothing. */
    static final double CONSTANT_VARIANCE = 1e-12;

    private Stats() {
    }

    /**
     * The Wilson score interval of a proportion: unlike the normal approximation it stays inside
     * [0, 1] and is sensible for small counts and rates near 0 or 1.
     *
     * @return {low, high}
     */
    static double[] wilson(long wins, long n, double z) {
        double p = (double) wins / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /**
     * Pearson correlation of confidence and correctness (a 0/1 series) from sums.
     *
     * @return r in [-1, 1], or null for fewer than 2 outcomes or when either series is constant
     */
    static Double confidenceCorrelation(long n, long wins, double sumConf, double sumConf2, double sumConfWin) {
        if (n < 2 || wins == 0 || wins == n) {
            return null;
        }
        double meanX = sumConf / n;
        double meanY = (double) wins / n;
        double varX = sumConf2 / n - meanX * meanX;
        if (!(varX > CONSTANT_VARIANCE)) {
            return null;
        }
        double cov = sumConfWin / n - meanX * meanY;
        double r = cov / Math.sqrt(varX * meanY * (1 - meanY));
        return Math.max(-1.0, Math.min(1.0, r));
    }

    /**
     * Cohen's kappa of two raters' calls.
     *
     * @param calls 3 x 3 counts, row = a's call, column = b's call, in the order long, short, flat
     * @return kappa, or null when there are no samples or chance agreement is already certain
     */
    static Double kappa(long[] calls) {
        long n = 0;
        long agree = 0;
        long[] rows = new long[3];
        long[] cols = new long[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                long c = calls[i * 3 + j];
                n += c;
                rows[i] += c;
                cols[j] += c;
                if (i == j) {
                    agree += c;
                }
            }
        }
        if (n == 0) {
            return null;
        }
        long chance = rows[0] * cols[0] + rows[1] * cols[1] + rows[2] * cols[2];
        long all = n * n;
        if (chance == all) {
            return null;
        }
        double po = (double) agree / n;
        double pe = (double) chance / all;
        return (po - pe) / (1 - pe);
    }
}
