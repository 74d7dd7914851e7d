package learning.forecast.internal;

import java.util.Arrays;

/**
 * Bars of one asset in memory, sorted by close time, answering "the price at t" by binary search:
 * the close of the last bar that had closed by t (no look-ahead), provided that bar closed no
 * earlier than its tolerance before t (one bar interval, at least the minimum tolerance). Bars of
 * several intervals may mix; at equal close times the shortest interval answers.
 */
final class PriceSeries {
    private long[] closeMicros = new long[0];
    private double[] closePrice = new double[0];
    private long[] intervalMicros = new long[0];
    private int size;
    private final long minToleranceMicros;

    /** @param minToleranceMicros the smallest tolerance, whatever the bar interval (30 minutes by default) */
    PriceSeries(long minToleranceMicros) {
        this.minToleranceMicros = minToleranceMicros;
    }

    int size() {
        return size;
    }

    /** Replaces the content with bars given oldest first (sorted here anyway, so any order is fine). */
    void reset(long[] close, double[] price, long[] interval, int n) {
        closeMicros = Arrays.copyOf(close, n);
        closePrice = Arrays.copyOf(price, n);
        intervalMicros = Arrays.copyOf(interval, n);
        size = n;
        sort();
    }

    /** Adds bars (any order) to the ones held. */
    void add(long[] close, double[] price, long[] interval, int n) {
        if (n == 0) {
            return;
        }
        ensure(size + n);
        System.arraycopy(close, 0, closeMicros, size, n);
        System.arraycopy(price, 0, closePrice, size, n);
        System.arraycopy(interval, 0, intervalMicros, size, n);
        size += n;
        sort();
    }

    /** Drops the bars before the last one that closed before {@code micros}: they can no longer answer. */
    void trimBefore(long micros) {
        int keepFrom = lastAtOrBefore(micros - 1);
        if (keepFrom <= 0) {
            return;
        }
        int n = size - keepFrom;
        System.arraycopy(closeMicros, keepFrom, closeMicros, 0, n);
        System.arraycopy(closePrice, keepFrom, closePrice, 0, n);
        System.arraycopy(intervalMicros, keepFrom, intervalMicros, 0, n);
        size = n;
    }

    /** @return whether a bar of this interval closing at this time is held */
    boolean contains(long close, long interval) {
        int i = lastAtOrBefore(close);
        while (i >= 0 && closeMicros[i] == close) {
            if (intervalMicros[i] == interval) {
                return true;
            }
            i--;
        }
        return false;
    }

    /** @return the price at t, or NaN when no bar answers within the tolerance */
    double priceAt(long t) {
        int i = lastAtOrBefore(t);
        if (i < 0) {
            return Double.NaN;
        }
        long tolerance = Math.max(intervalMicros[i], minToleranceMicros);
        return t - closeMicros[i] <= tolerance ? closePrice[i] : Double.NaN;
    }

    /** @return the index of the last bar with close time at or before t, or -1 */
    private int lastAtOrBefore(long t) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (closeMicros[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void ensure(int capacity) {
        if (capacity > closeMicros.length) {
            int c = Math.max(capacity, closeMicros.length * 2);
            closeMicros = Arrays.copyOf(closeMicros, c);
            closePrice = Arrays.copyOf(closePrice, c);
            intervalMicros = Arrays.copyOf(intervalMicros, c);
        }
    }

    /** Sorts by close time, and at equal close times longest interval first, so the shortest is last. */
    private void sort() {
        boolean sorted = true;
        for (int i = 1; i < size && sorted; i++) {
            sorted = before(i - 1, i);
        }
        if (sorted) {
            return;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> closeMicros[a] != closeMicros[b] ? Long.compare(closeMicros[a], closeMicros[b])
                : Long.compare(intervalMicros[b], intervalMicros[a]));
        long[] c = new long[closeMicros.length];
        double[] p = new double[closeMicros.length];
        long[] v = new long[closeMicros.length];
        for (int i = 0; i < size; i++) {
            c[i] = closeMicros[order[i]];
            p[i] = closePrice[order[i]];
            v[i] = intervalMicros[order[i]];
        }
        closeMicros = c;
        closePrice = p;
        intervalMicros = v;
    }

    private boolean before(int a, int b) {
        return closeMicros[a] < closeMicros[b]
                || closeMicros[a] == closeMicros[b] && intervalMicros[a] >= intervalMicros[b];
    }
}
