package learning.weights.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import learning.api.store.LearningDatabase;
import learning.api.weights.Domain;
import learning.api.weights.WindowPosition;

/**
 * Reads a weights window from the ledger's tables in one query: closed positions with a
 * conviction and a realized PnL, each with its conviction's domain scores.
 */
final class WindowReader {
    private final LearningDatabase db;

    WindowReader(LearningDatabase db) {
        this.db = db;
    }

    /** @return positions closed in [from, to], oldest first */
    List<WindowPosition> read(Instant from, Instant to) {
        return db.read(c -> {
            // No ORDER BY: sorting the joined rows cost more than the join. Rows are grouped by
            // position here and the positions sorted by close time afterwards.
            try (PreparedStatement s = c.prepareStatement("SELECT p.id, p.closed_at, p.realized_pnl, l.domain,"
                    + " l.domain_score FROM positions p LEFT JOIN conviction_log l ON l.conviction_id = p.conviction_id"
                    + " WHERE p.status = 'closed' AND p.conviction_id IS NOT NULL AND p.realized_pnl IS NOT NULL"
                    + " AND p.closed_at >= ? AND p.closed_at <= ?")) {
                s.setObject(1, utc(from));
                s.setObject(2, utc(to));
                Map<String, Row> rows = new HashMap<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String id = r.getString(1);
                        Row row = rows.get(id);
                        if (row == null) {
                            row = new Row(id, r.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC), r.getDouble(3));
                            rows.put(id, row);
                        }
                        String domain = r.getString(4);
                        double score = r.getDouble(5);
                        if (domain != null && !r.wasNull() && Double.isFinite(score)) {
                            Optional<Domain> d = Domain.fromWireName(domain);
                            if (d.isPresent()) {
                                row.scores.put(d.get(), score);
                            }
                        }
                    }
                }
                List<WindowPosition> out = new ArrayList<>(rows.size());
                rows.values().stream()
                        .sorted(Comparator.comparing((Row x) -> x.closedAt).thenComparing(x -> x.id))
                        .forEach(x -> out.add(new WindowPosition(x.id, x.closedAt, x.pnl, x.scores)));
                return out;
            }
        });
    }

    /** One position of the window while its rows are read. */
    private static final class Row {
        final String id;
        final Instant closedAt;
        final double pnl;
        final Map<Domain, Double> scores = new EnumMap<>(Domain.class);

        Row(String id, Instant closedAt, double pnl) {
            this.id = id;
            this.closedAt = closedAt;
            this.pnl = pnl;
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
