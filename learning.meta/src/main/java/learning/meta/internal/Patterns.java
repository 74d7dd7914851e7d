package learning.meta.internal;

import java.util.List;
import java.util.function.Consumer;

/**
 * Ensemble patterns: a set of (producer, call) members, named canonically as
 * {@code "a=long,b=short"} with the producers in order. Every episode is counted under each of
 * its sub-patterns, so a state's pattern and each of its sub-ensembles is one row lookup.
 */
final class Patterns {
    /** The most members a pattern has. */
    static final int MAX_MEMBERS = 6;
    /** The most sub-patterns an episode is counted under. */
    static final int MAX_SUBSETS = 256;

    private Patterns() {
    }

    /**
     * @param k members of an episode (or state)
     * @return the largest pattern size indexed for it: at most {@link #MAX_MEMBERS}, and small enough
     *         that its patterns stay within {@link #MAX_SUBSETS} (only for more than 8 producers)
     */
    static int sizeLimit(int k) {
        long total = 0;
        long choose = 1;
        int limit = 0;
        for (int s = 1; s <= Math.min(k, MAX_MEMBERS); s++) {
            choose = choose * (k - s + 1) / s;
            total += choose;
            if (total > MAX_SUBSETS) {
                break;
            }
            limit = s;
        }
        return limit;
    }

    /** Calls every combination of {@code 1..limit} indices out of {@code k}, in increasing size. */
    static void forEachSubset(int k, int limit, Consumer<int[]> action) {
        for (int size = 1; size <= limit; size++) {
            int[] idx = new int[size];
            for (int i = 0; i < size; i++) {
                idx[i] = i;
            }
            while (true) {
                action.accept(idx);
                int i = size - 1;
                while (i >= 0 && idx[i] == k - size + i) {
                    i--;
                }
                if (i < 0) {
                    break;
                }
                idx[i]++;
                for (int j = i + 1; j < size; j++) {
                    idx[j] = idx[j - 1] + 1;
                }
            }
        }
    }

    /** @return the name of the pattern formed by the members at {@code idx} of calls sorted by producer */
    static String name(List<Call> sorted, int[] idx) {
        StringBuilder b = new StringBuilder();
        for (int i : idx) {
            if (b.length() > 0) {
                b.append(',');
            }
            Call c = sorted.get(i);
            b.append(escape(c.producer())).append('=').append(c.action().wireName());
        }
        return b.toString();
    }

    /** Keeps a name unambiguous when a producer's name holds a separator. */
    static String escape(String producer) {
        if (producer.indexOf(',') < 0 && producer.indexOf('=') < 0 && producer.indexOf('%') < 0) {
            return producer;
        }
        return producer.replace("%", "%25").replace(",", "%2C").replace("=", "%3D");
    }

    /** @return whether a won episode: at least half of the members' calls were right */
    static boolean won(List<Call> sorted, int[] idx) {
        int right = 0;
        for (int i : idx) {
            if (sorted.get(i).correct()) {
                right++;
            }
        }
        return 2 * right >= idx.length;
    }
}
