package learning.forecast.internal;

/**
 * A price source that can tell when an answer was incomplete for a passing reason (rate limit,
 * timeout, malformed answer, server error). The resolver does not give a forecast up in a run in
 * which a source it asked for that forecast's asset failed like this: "no bars yet" is not "no
 * bars". The {@code PriceSource} API has no way to say so; see the bundle README.
 */
interface TransientFailures {
    /** @return how many transient failures the source has had since it started; only ever grows */
    long transientFailures();
}
