package learning.store.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Conversions between instants and SQL timestamps, which the store keeps in UTC. */
final class Sql {
    private Sql() {
    }

    static LocalDateTime timestamp(Instant i) {
        return i == null ? null : LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet r, int column) throws SQLException {
        LocalDateTime t = r.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet r, String column) throws SQLException {
        LocalDateTime t = r.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
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
}
