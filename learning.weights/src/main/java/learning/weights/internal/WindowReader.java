package learning.weights.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
            try (PreparedStatement s = c.prepareStatement("SELECT p.id, p.closed_at, p.realized_pnl, l.domain,"
                    + " l.domain_score FROM positions p LEFT JOIN conviction_log l ON l.conviction_id = p.conviction_id"
                    + " WHERE p.status = 'closed' AND p.conviction_id IS NOT NULL AND p.realized_pnl IS NOT NULL"
                    + " AND p.closed_at >= ? AND p.closed_at <= ? ORDER BY p.closed_at, p.id")) {
                s.setObject(1, utc(from));
                s.setObject(2, utc(to));
                List<WindowPosition> out = new ArrayList<>();
                String currentId = null;
                Instant closedAt = null;
                double pnl = 0;
                Map<Domain, Double> scores = null;
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String id = r.getString(1);
                        if (!id.equals(currentId)) {
                            if (currentId != null) {
                                out.add(new WindowPosition(currentId, closedAt, pnl, scores));
                            }
                            currentId = id;
                            closedAt = r.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                            pnl = r.getDouble(3);
                            scores = new EnumMap<>(Domain.class);
                        }
                        String domain = r.getString(4);
                        double score = r.getDouble(5);
                        if (domain != null && !r.wasNull() && Double.isFinite(score)) {
                            Optional<Domain> d = Domain.fromWireName(domain);
                            if (d.isPresent()) {
                                scores.put(d.get(), score);
                            }
                        }
                    }
                }
                if (currentId != null) {
                    out.add(new WindowPosition(currentId, closedAt, pnl, scores));
                }
                return out;
            }
        });
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
