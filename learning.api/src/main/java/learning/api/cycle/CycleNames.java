package learning.api.cycle;

/** The names of the engine's cycles, as used in {@code POST /api/v1/cycles/{name}/run}. */
public final class CycleNames {
    /** Outcome attribution sweep. */
    public static final String ATTRIBUTION = "attribution";
    /** Karma sweep. */
    public static final String KARMA = "karma";
    /** Domain weights cycle. */
    public static final String WEIGHTS = "weights";
    /** Corpus feedback. */
    public static final String CORPUS = "corpus";
    /** Outcome resolver. */
    public static final String RESOLVE = "resolve";
    /** Performance aggregator. */
    public static final String AGGREGATE = "aggregate";
    /** Meta-producer for the configured assets and horizons. */
    public static final String META = "meta";
    /** Everything above, in order. */
    public static final String FULL = "full";

    private CycleNames() {
    }
}
