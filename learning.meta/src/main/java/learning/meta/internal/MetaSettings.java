package learning.meta.internal;

/**
 * The meta-producer's gates, checked when it is configured.
 *
 * @param activationMinOutcomes resolved producer outcomes needed before it forecasts at all
 * @param minEpisodes matching episodes a pattern needs
 * @param minWinRate the win rate a pattern needs, in [0, 1]
 * @param backoff whether a state with too few exact episodes may fall back to its best-supported sub-ensemble
 */
record MetaSettings(long activationMinOutcomes, int minEpisodes, double minWinRate, boolean backoff) {
    /** The reference's gates: 500 outcomes, 10 episodes, 0.60, and back-off on. */
    static MetaSettings defaults() {
        return new MetaSettings(500, 10, 0.60, true);
    }

    /** Checks the ranges; a configuration that breaks one is refused as a whole. */
    MetaSettings {
        if (activationMinOutcomes < 0) {
            throw new IllegalArgumentException("activation.min.outcomes must be at least 0, not " + activationMinOutcomes);
        }
        if (minEpisodes < 1) {
            throw new IllegalArgumentException("min.episodes must be at least 1, not " + minEpisodes);
        }
        if (!(minWinRate >= 0 && minWinRate <= 1)) {
            throw new IllegalArgumentException("min.win.rate must lie in [0, 1], not " + minWinRate);
        }
    }
}
