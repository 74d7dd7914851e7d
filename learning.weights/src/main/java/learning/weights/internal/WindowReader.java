package learning.weights.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import learning.api.store.LearningDatabase;
import learning.api.store.SweepWindow;
import learning.api.weights.Domain;
import learning.api.weights.WindowPosition;

/**
 * Reads weights windows: closed positions with a conviction and a realized PnL, each with its
 * conviction's domain scores.
 *
 * <p>Windows slide forward a little each cycle, so the positions from the last window's start on
 * are kept in memory and each read only adds what closed since (the ledger's close sequence, see
 * {@link SweepWindow}) and reads again the positions whose conviction was recorded since (a
 * position may close before its conviction is recorded; the ledger then gives it the scores). A
 * window that starts before the kept positions (a cycle at an earlier instant) is read from the
 * tables and kept instead. Positions never change once closed, except for that, so what is kept
 * stays true.
 */
final class WindowReader {
    /** A closed position carries its conviction's score per domain ({@code entry_<domain>}, null where none). */
    private static final String COLUMNS = "SELECT p.id, p.closed_at, p.realized_pnl, p.conviction_id, "
            + Arrays.stream(Domain.values()).map(d -> "p.entry_" + d.wireName()).collect(Collectors.joining(", "))
            + " FROM positions p WHERE p.status = 'closed' AND p.conviction_id IS NOT NULL AND p.realized_pnl IS NOT NULL";
    private static final Comparator<WindowPosition> CLOSE_ORDER = Comparator.comparing(WindowPosition::closedAt)
            .thenComparing(WindowPosition::positionId);

    private final LearningDatabase db;
    /** Every qualifying position closed at or after {@link #keptFrom} with a close sequence up to {@link #closeSeq}. */
    private final TreeMap<WindowPosition, String> kept = new TreeMap<>(CLOSE_ORDER);
    private final Map<String, List<WindowPosition>> byConviction = new HashMap<>();
    private Instant keptFrom;
    private long closeSeq;
    private long convictionSeq;

    WindowReader(LearningDatabase db) {
        this.db = db;
    }

    /** @return positions closed in [from, to], oldest first */
    synchronized List<WindowPosition> read(Instant from, Instant to) {
        return db.read(c -> {
            if (keptFrom == null || from.isBefore(keptFrom)) {
                reload(c, from);
            } else {
                catchUp(c);
                while (!kept.isEmpty() && kept.firstKey().closedAt().isBefore(from)) {
                    forget(kept.pollFirstEntry());
                }
                keptFrom = from;
            }
            List<WindowPosition> out = new ArrayList<>();
            for (WindowPosition p : kept.keySet()) {
                if (p.closedAt().isAfter(to)) {
                    break;
                }
                out.add(p);
            }
            return out;
        });
    }

    private void reload(Connection c, Instant from) throws SQLException {
        kept.clear();
        byConviction.clear();
        // The sequences first: what commits after them is read again by the next catch-up.
        long lastClose = SweepWindow.lastCloseSequence(c);
        long lastConviction = SweepWindow.lastConvictionSequence(c);
        try (PreparedStatement s = c.prepareStatement(COLUMNS + " AND p.closed_at >= ? AND p.close_seq <= ?")) {
            s.setObject(1, utc(from));
            s.setLong(2, lastClose);
            keep(s);
        }
        keptFrom = from;
        closeSeq = lastClose;
        convictionSeq = lastConviction;
    }

    private void catchUp(Connection c) throws SQLException {
        long lastClose = SweepWindow.lastCloseSequence(c);
        long lastConviction = SweepWindow.lastConvictionSequence(c);
        if (lastConviction > convictionSeq) {
            rescore(c, lastConviction);
        }
        if (lastClose > closeSeq) {
            try (PreparedStatement s = c.prepareStatement(COLUMNS
                    + " AND p.close_seq > ? AND p.close_seq <= ? AND p.closed_at >= ?")) {
                s.setLong(1, closeSeq);
                s.setLong(2, lastClose);
                s.setObject(3, utc(keptFrom));
                keep(s);
            }
        }
        closeSeq = Math.max(closeSeq, lastClose);
        convictionSeq = Math.max(convictionSeq, lastConviction);
    }

    /**
     * Reads again the kept positions whose conviction was recorded since the last read: the ledger
     * gives a position that closed before its conviction the conviction's scores when it arrives.
     */
    private void rescore(Connection c, long lastConviction) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id FROM conviction_scores WHERE event_seq > ? AND event_seq <= ?")) {
            s.setLong(1, convictionSeq);
            s.setLong(2, lastConviction);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (byConviction.containsKey(r.getString(1))) {
                        ids.add(r.getString(1));
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        for (String id : ids) {
            for (WindowPosition old : byConviction.remove(id)) {
                kept.remove(old);
            }
        }
        try (PreparedStatement s = c.prepareStatement(COLUMNS + " AND p.conviction_id IN (UNNEST(?))"
                + " AND p.closed_at >= ? AND p.close_seq <= ?")) {
            s.setArray(1, c.createArrayOf("VARCHAR", ids.toArray()));
            s.setObject(2, utc(keptFrom));
            s.setLong(3, closeSeq);
            keep(s);
        }
    }

    /** Keeps the positions a {@link #COLUMNS} query returns. */
    private void keep(PreparedStatement s) throws SQLException {
        Domain[] domains = Domain.values();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Map<Domain, Double> scores = new EnumMap<>(Domain.class);
                for (int i = 0; i < domains.length; i++) {
                    double score = r.getDouble(5 + i);
                    if (!r.wasNull() && Double.isFinite(score)) {
                        scores.put(domains[i], score);
                    }
                }
                remember(new WindowPosition(r.getString(1), r.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        r.getDouble(3), Collections.unmodifiableMap(scores)), r.getString(4));
            }
        }
    }

    private void remember(WindowPosition p, String convictionId) {
        kept.put(p, convictionId);
        byConviction.computeIfAbsent(convictionId, x -> new ArrayList<>()).add(p);
    }

    private void forget(Map.Entry<WindowPosition, String> e) {
        List<WindowPosition> same = byConviction.get(e.getValue());
        if (same != null) {
            same.remove(e.getKey());
            if (same.isEmpty()) {
                byConviction.remove(e.getValue());
            }
        }
    }


    /** @return the earliest close at or before {@code asOf}, if any: the age of the engine's history */
    Optional<Instant> firstClosedBy(Instant asOf) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT MIN(closed_at) FROM positions WHERE status = 'closed' AND closed_at <= ?")) {
                s.setObject(1, utc(asOf));
                try (ResultSet r = s.executeQuery()) {
                    LocalDateTime t = r.next() ? r.getObject(1, LocalDateTime.class) : null;
                    return Optional.ofNullable(t).map(x -> x.toInstant(ZoneOffset.UTC));
                }
            }
        });
    }

    static LocalDateTime utc(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
