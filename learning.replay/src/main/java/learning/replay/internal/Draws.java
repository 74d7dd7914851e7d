package learning.replay.internal;

/**
 * Reproducible random draws addressed by coordinates (seed, producer, hour, purpose) rather than
 * by position in a stream: a resumed replay, or a replay with one producer more, draws the same
 * numbers for everything else.
 */
final class Draws {
    private Draws() {
    }

    /** @return a uniform number in [0, 1) determined by its arguments */
    static double uniform(long seed, long a, long b, long c) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        h = mix(h + a * 0x9E3779B97F4A7C15L);
        h = mix(h + b * 0xBF58476D1CE4E5B9L);
        h = mix(h + c * 0x94D049BB133111EBL);
        return (h >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
