package learning.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * What a sweep over closed positions has to look at since its last run, so a sweep costs time in
 * proportion to what is new rather than to all history.
 *
 * <p>The ledger numbers every close: {@code positions.close_seq} is the sequence of the
 * position's {@code ledger.position_closed.v1} event (0 for positions closed before the column
 * existed). Each sweep keeps, in {@code sweep_watermarks}, the close sequence up to which every
 * closed position has been handled, and the accepted-signal and conviction event sequences up to
 * which late signals and late convictions (recorded after their position closed) have been looked at. A position closed after the sweep's instant ({@code closed_at >
 * as_of}, as in a replay of an earlier instant) holds the watermark back until a sweep reaches it.
 * The watermark only narrows the search: a sweep still skips what it has already done, so a
 * watermark that is behind costs time, never correctness.
 *
 * @param sweep the sweep's name in {@code sweep_watermarks}
 * @param afterCloseSeq positions closed with a larger close sequence are new to this sweep
 * @param fromClosedAt the earliest {@code closed_at} among those positions, or {@code null} when
 *        there are none: a sweep in close-time order may start there
 * @param nextCloseSeq the close sequence to record once this sweep has handled every new position
 * @param afterSignalSeq accepted signals with a larger event sequence are new to this sweep
 * @param nextSignalSeq the signal sequence to record once this sweep has looked at them
 * @param afterConvictionSeq convictions with a larger event sequence ({@code conviction_scores.event_seq})
 *        are new to this sweep
 * @param nextConvictionSeq the conviction sequence to record once this sweep has looked at them
 */
public record SweepWindow(String sweep, long afterCloseSeq, Instant fromClosedAt, long nextCloseSeq,
        long afterSignalSeq, long nextSignalSeq, long afterConvictionSeq, long nextConvictionSeq) {

    /**
     * Reads the window of a sweep at {@code asOf}. Call it before reading candidates: what closes
     * while the sweep runs has a larger sequence and is left for the next sweep.
     *
     * @param c a connection of the engine's database (the ledger's tables exist)
     * @param sweep the sweep's name
     * @param asOf the sweep's instant
     * @return the window
     * @throws SQLException when the database fails
     */
    public static SweepWindow read(Connection c, String sweep, Instant asOf) throws SQLException {
        long afterClose = -1;
        long afterSignal = -1;
        long afterConviction = -1;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT close_seq, signal_seq, conviction_seq FROM sweep_watermarks WHERE name = ?")) {
            p.setString(1, sweep);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    afterClose = r.getLong(1);
                    afterSignal = r.getLong(2);
                    afterConviction = r.getLong(3);
                }
            }
        }
        long lastClose = Math.max(afterClose, lastCloseSequence(c));
        Instant from = null;
        try (PreparedStatement p = c.prepareStatement("SELECT MIN(closed_at) FROM positions WHERE close_seq > ?")) {
            p.setLong(1, afterClose);
            try (ResultSet r = p.executeQuery()) {
                LocalDateTime t = r.next() ? r.getObject(1, LocalDateTime.class) : null;
                from = t == null ? null : t.toInstant(ZoneOffset.UTC);
            }
        }
        long next = Math.max(afterClose, lastClose);
        if (from != null && from.isAfter(asOf)) {
            next = afterClose;
        } else if (from != null) {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT MIN(close_seq) FROM positions WHERE close_seq > ? AND closed_at > ?")) {
                p.setLong(1, afterClose);
                p.setObject(2, LocalDateTime.ofInstant(asOf, ZoneOffset.UTC));
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        long firstLater = r.getLong(1);
                        if (!r.wasNull()) {
                            next = firstLater - 1;
                        }
                    }
                }
            }
        }
        long lastSignal = longOr(c, "SELECT MAX(event_seq) FROM accepted_signals", afterSignal);
        long lastConviction = Math.max(afterConviction, lastConvictionSequence(c));
        return new SweepWindow(sweep, afterClose, from, next, afterSignal, Math.max(afterSignal, lastSignal),
                afterConviction, Math.max(afterConviction, lastConviction));
    }

    /**
     * @param c a connection of the engine's database
     * @return the close sequence of the latest close committed, -1 when nothing has closed
     * @throws SQLException when the database fails
     */
    public static long lastCloseSequence(Connection c) throws SQLException {
        return longOr(c, "SELECT MAX(close_seq) FROM positions", -1);
    }

    /**
     * @param c a connection of the engine's database
     * @return the event sequence of the latest conviction committed, -1 when there is none
     * @throws SQLException when the database fails
     */
    public static long lastConvictionSequence(Connection c) throws SQLException {
        return longOr(c, "SELECT MAX(event_seq) FROM conviction_scores", -1);
    }

    /** @return whether some position closed since the last sweep */
    public boolean hasNewCloses() {
        return fromClosedAt != null;
    }

    /** @return whether some signal was accepted since the last sweep */
    public boolean hasNewSignals() {
        return nextSignalSeq > afterSignalSeq;
    }

    /** @return whether some conviction was recorded since the last sweep */
    public boolean hasNewConvictions() {
        return nextConvictionSeq > afterConvictionSeq;
    }

    /**
     * Records that the sweep has handled its window; call it in the sweep's last write transaction,
     * and only when nothing in the window failed.
     *
     * @param c a connection inside a write transaction
     * @throws SQLException when the database fails
     */
    public void advance(Connection c) throws SQLException {
        if (nextCloseSeq == afterCloseSeq && nextSignalSeq == afterSignalSeq && nextConvictionSeq == afterConvictionSeq) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("MERGE INTO sweep_watermarks w USING (VALUES (CAST(? AS VARCHAR(64)),"
                + " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT))) v (name, close_seq, signal_seq, conviction_seq)"
                + " ON w.name = v.name WHEN MATCHED THEN UPDATE SET w.close_seq = v.close_seq, w.signal_seq = v.signal_seq,"
                + " w.conviction_seq = v.conviction_seq WHEN NOT MATCHED THEN INSERT (name, close_seq, signal_seq,"
                + " conviction_seq) VALUES (v.name, v.close_seq, v.signal_seq, v.conviction_seq)")) {
            p.setString(1, sweep);
            p.setLong(2, nextCloseSeq);
            p.setLong(3, nextSignalSeq);
            p.setLong(4, nextConvictionSeq);
            p.executeUpdate();
        }
    }

    private static long longOr(Connection c, String sql, long fallback) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
            if (r.next()) {
                long v = r.getLong(1);
                return r.wasNull() ? fallback : v;
            }
            return fallback;
        }
    }
}
