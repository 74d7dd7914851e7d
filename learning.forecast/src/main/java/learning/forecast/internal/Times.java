package learning.forecast.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * Instants as epoch microseconds, the store's precision. Working in longs keeps the set-based
 * price lookups and the aggregator's window arithmetic free of object churn.
 */
final class Times {
    static final long MICROS_PER_SECOND = 1_000_000L;

    private Times() {
    }

    static long micros(Instant i) {
        return TimeUnit.SECONDS.toMicros(i.getEpochSecond()) + i.getNano() / 1_000;
    }

    static long micros(java.time.Duration d) {
        return TimeUnit.SECONDS.toMicros(d.getSeconds()) + d.getNano() / 1_000;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L);
    }

    static long micros(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND + t.getNano() / 1_000;
    }

    /** @return the store's representation of an instant: a UTC timestamp without zone */
    static LocalDateTime timestamp(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                (int) (Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L), ZoneOffset.UTC);
    }

    static LocalDateTime timestamp(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
