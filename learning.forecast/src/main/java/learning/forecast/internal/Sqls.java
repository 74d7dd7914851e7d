package learning.forecast.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Small JDBC helpers. */
final class Sqls {
    private Sqls() {
    }

    /** Runs a batch unless nothing was added (HSQLDB refuses an empty batch). */
    static void executeBatch(PreparedStatement p, int added) throws SQLException {
        if (added > 0) {
            p.executeBatch();
        }
    }
}
