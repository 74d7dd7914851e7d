package learning.meta.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Wilson intervals and rounding. */
final class Stats {
    /** The two-sided 95 % normal quantile. */
    static final double Z = 1.959964;

    private Stats() {
    }

    /** @return the lower end of the Wilson 95 % interval of {@code wins / n}; 0 for n = 0 */
    static double wilsonLow(long wins, long n) {
        return n == 0 ? 0 : wilson(wins, n, -1);
    }

    /** @return the upper end; 1 for n = 0 */
    static double wilsonHigh(long wins, long n) {
        return n == 0 ? 1 : wilson(wins, n, 1);
    }

    private static double wilson(long wins, long n, int side) {
        double p = (double) wins / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2.0 * n);
        double spread = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        double v = (centre + side * spread) / (1 + z2 / n);
        return Math.max(0, Math.min(1, v));
    }

    /** Rounds half to even on the double's exact value, as Python's {@code round(x, 3)}. */
    static double round3(double x) {
        return new BigDecimal(x).setScale(3, RoundingMode.HALF_EVEN).doubleValue();
    }
}
