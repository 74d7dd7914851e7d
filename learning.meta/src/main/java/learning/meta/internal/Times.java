package learning.meta.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/** Instants as epoch microseconds (the store's precision) and as the store's UTC timestamps. */
final class Times {
    static final long MICROS_PER_SECOND = 1_000_000L;
    /** Episodes are 2-hour buckets of forecast time. */
    static final long BUCKET_MICROS = 7_200L * MICROS_PER_SECOND;

    private Times() {
    }

    static long micros(Instant i) {
        return TimeUnit.SECONDS.toMicros(i.getEpochSecond()) + i.getNano() / 1_000;
    }

    static long micros(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND + t.getNano() / 1_000;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L);
    }

    static Instant instant(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC);
    }

    static LocalDateTime timestamp(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                (int) (Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L), ZoneOffset.UTC);
    }

    static LocalDateTime timestamp(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    /** @return the 2-hour bucket of an instant: {@code floor(epoch seconds / 7200)} */
    static long bucket(long micros) {
        return Math.floorDiv(micros, BUCKET_MICROS);
    }
}
