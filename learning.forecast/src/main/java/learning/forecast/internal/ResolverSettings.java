package learning.forecast.internal;

import java.time.Duration;

/**
 * The default resolver's validated settings.
 *
 * @param flatBandPct a flat call is right when the absolute return is at most this, in percent
 * @param buffer a forecast is due once its target time is this long before the run's instant
 * @param minTolerance the price at t may come from a bar that closed up to one bar interval, and at
 *        least this long, before t
 * @param unresolvableAfter a forecast still without prices this long after its target is given up
 * @param chunkSize forecasts written per transaction
 * @param pageSize due forecasts read from the store at a time
 * @param remoteLookback how far before a missing time a remote source is asked for bars: at least
 *        the longest bar interval of the remote sources
 */
record ResolverSettings(double flatBandPct, Duration buffer, Duration minTolerance, Duration unresolvableAfter,
        int chunkSize, int pageSize, Duration remoteLookback) {

    static ResolverSettings defaults() {
        return new ResolverSettings(0.5, Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofDays(7), 5_000, 100_000,
                Duration.ofHours(24));
    }

    /** @throws IllegalArgumentException naming the setting and the problem */
    static ResolverSettings of(double flatBandPct, int bufferMinutes, int toleranceMinutes, int unresolvableAfterHours,
            int chunkSize, int remoteLookbackHours) {
        if (!(flatBandPct >= 0) || flatBandPct > 100) {
            throw new IllegalArgumentException("flat.band.pct must lie in [0, 100], not " + flatBandPct);
        }
        if (bufferMinutes < 0 || toleranceMinutes < 1 || unresolvableAfterHours < 1 || remoteLookbackHours < 1) {
            throw new IllegalArgumentException("buffer.minutes must be at least 0, tolerance.minutes,"
                    + " unresolvable.after.hours and remote.lookback.hours at least 1");
        }
        if (chunkSize < 1 || chunkSize > 10_000) {
            throw new IllegalArgumentException("chunk.size must lie in [1, 10000], not " + chunkSize);
        }
        return new ResolverSettings(flatBandPct, Duration.ofMinutes(bufferMinutes), Duration.ofMinutes(toleranceMinutes),
                Duration.ofHours(unresolvableAfterHours), chunkSize, Math.max(20 * chunkSize, 20_000),
                Duration.ofHours(remoteLookbackHours));
    }
}
