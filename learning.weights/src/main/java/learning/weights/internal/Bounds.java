package learning.weights.internal;

import java.util.EnumMap;
import java.util.Map;

import learning.api.weights.Domain;

/**
 * Puts weights inside [min, max] with a sum of exactly 1 by scale-and-clip: find the factor s
 * with {@code sum(clip(s * w_i, min, max)) = 1}. Where no bound is touched this is plain
 * renormalisation; unlike the reference's clip-renormalise-clip-renormalise, it never leaves a
 * weight outside the bounds.
 */
final class Bounds {
    private final double min;
    private final double max;

    /**
     * @param min the smallest weight, at least 0
     * @param max the largest weight
     * @throws IllegalArgumentException when six weights within the bounds cannot sum to 1
     */
    Bounds(double min, double max) {
        int n = Domain.values().length;
        if (!(min >= 0) || !(max > min) || n * min > 1 + 1e-12 || n * max < 1 - 1e-12) {
            throw new IllegalArgumentException("bounds [" + min + ", " + max + "] cannot hold " + n
                    + " weights that sum to 1: need min <= 1/" + n + " <= max");
        }
        this.min = min;
        this.max = max;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    /**
     * @param proposed a weight per domain (every domain present); negative values count as 0
     * @return the bounded weights, each in [min, max], summing to 1 within 1e-12
     */
    Map<Domain, Double> apply(Map<Domain, Double> proposed) {
        Domain[] ds = Domain.values();
        double[] w = new double[ds.length];
        double total = 0;
        for (int i = 0; i < ds.length; i++) {
            Double v = proposed.get(ds[i]);
            w[i] = v == null || !(v > 0) || Double.isInfinite(v) ? 0 : v;
            total += w[i];
        }
        double[] out = new double[ds.length];
        if (total > 0 && fitsAfterRenormalising(w, total)) {
            for (int i = 0; i < w.length; i++) {
                out[i] = w[i] / total;
            }
        } else {
            out = scaleAndClip(w);
        }
        fixRounding(out);
        Map<Domain, Double> result = new EnumMap<>(Domain.class);
        for (int i = 0; i < ds.length; i++) {
            result.put(ds[i], out[i]);
        }
        return result;
    }

    private boolean fitsAfterRenormalising(double[] w, double total) {
        for (double v : w) {
            double r = v / total;
            if (r < min || r > max) {
                return false;
            }
        }
        return true;
    }

    /** Bisection on s: the clipped sum grows monotonically with s, from n*min at 0 to n*max. */
    private double[] scaleAndClip(double[] w) {
        double lo = 0;
        double hi = 1;
        while (clippedSum(w, hi) < 1) {
            hi *= 2;
            if (hi > 1e300) {
                break; // every weight is 0: all sit at min... unreachable while n*min <= 1 is checked
            }
        }
        for (int i = 0; i < 200 && hi - lo > 0; i++) {
            double mid = (lo + hi) / 2;
            if (mid == lo || mid == hi) {
                break;
            }
            if (clippedSum(w, mid) < 1) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = clip(hi * w[i]);
        }
        if (allZero(w)) {
            java.util.Arrays.fill(out, 1.0 / w.length);
        }
        return out;
    }

    private static boolean allZero(double[] w) {
        for (double v : w) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private double clippedSum(double[] w, double s) {
        double sum = 0;
        for (double v : w) {
            sum += clip(s * v);
        }
        return sum;
    }

    private double clip(double v) {
        return Math.max(min, Math.min(max, v));
    }

    /**
     * The last few ulps: put the residual of {@code 1 - sum} on the weights with the most room,
     * never past a bound, so the sum is 1 to within floating-point rounding of the final addition.
     */
    private void fixRounding(double[] out) {
        for (int pass = 0; pass < 4; pass++) {
            double sum = 0;
            for (double v : out) {
                sum += v;
            }
            double residual = 1 - sum;
            if (residual == 0) {
                return;
            }
            int best = -1;
            double room = -1;
            for (int i = 0; i < out.length; i++) {
                double r = residual > 0 ? max - out[i] : out[i] - min;
                if (r > room) {
                    room = r;
                    best = i;
                }
            }
            double step = residual > 0 ? Math.min(residual, room) : -Math.min(-residual, room);
            out[best] += step;
        }
    }
}
