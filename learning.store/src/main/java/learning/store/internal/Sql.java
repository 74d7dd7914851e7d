package learning.store.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Conversions between instants and SQL values, which the store keeps in UTC. */
final class Sql {
    /** 0001-01-01T00:00:00Z, the earliest instant the store keeps. */
    static final long MIN_EPOCH_SECOND = -62135596800L;
    /** 9999-12-31T23:59:59Z, the last second the store keeps. */
    static final long MAX_EPOCH_SECOND = 253402300799L;

    private Sql() {
    }

    static LocalDateTime timestamp(Instant i) {
        // ofEpochSecond rather than ofInstant: ofInstant builds new zone rules on every call
        return i == null ? null : LocalDateTime.ofEpochSecond(i.getEpochSecond(), i.getNano(), ZoneOffset.UTC);
    }

    static Instant instant(ResultSet r, int column) throws SQLException {
        LocalDateTime t = r.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet r, String column) throws SQLException {
        LocalDateTime t = r.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    /** @return whether the instant lies in the years 0001 to 9999, the range the store keeps */
    static boolean storable(Instant i) {
        return i.getEpochSecond() >= MIN_EPOCH_SECOND && i.getEpochSecond() <= MAX_EPOCH_SECOND;
    }

    /**
     * The same text as {@link Instant#toString()} ({@code 2026-01-05T10:00:00Z}, a fraction of 3, 6 or
     * 9 digits when there is one), several times faster for the years 0000 to 9999: payloads and
     * hashes format an instant for every event.
     */
    static String iso(Instant i) {
        long seconds = i.getEpochSecond();
        if (seconds < -62167219200L || seconds > MAX_EPOCH_SECOND) {
            return i.toString();
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian)
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long doe = z - era * 146_097L;
        long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        int nano = i.getNano();
        char[] c = new char[30];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, month, 2);
        c[7] = '-';
        digits(c, 8, day, 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3_600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        int n = 19;
        if (nano != 0) {
            c[n++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(c, n, nano / 1_000_000, 3);
                n += 3;
            } else if (nano % 1_000 == 0) {
                digits(c, n, nano / 1_000, 6);
                n += 6;
            } else {
                digits(c, n, nano, 9);
                n += 9;
            }
        }
        c[n++] = 'Z';
        return new String(c, 0, n);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int k = at + width - 1; k >= at; k--) {
            c[k] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Runs a batch unless nothing was added (HSQLDB refuses an empty batch). */
    static void executeBatch(java.sql.PreparedStatement p, int added) throws SQLException {
        if (added > 0) {
            p.executeBatch();
        }
    }

    static Double nullableDouble(ResultSet r, String column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }

    /** @return whether the exception, or one it wraps or chains, is a unique or primary key violation */
    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException q) {
                for (SQLException x = q; x != null; x = x.getNextException()) {
                    if ("23505".equals(x.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
