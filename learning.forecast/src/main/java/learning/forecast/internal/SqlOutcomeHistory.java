package learning.forecast.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import learning.api.forecast.ForecastOutcome;
import learning.api.forecast.OutcomeHistory;
import learning.api.forecast.OutcomeQuery;
import learning.api.ledger.ForecastAction;
import learning.api.store.LearningDatabase;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Resolved outcomes from the {@code forecast_outcomes} table, newest forecast first. */
@Component(service = OutcomeHistory.class, immediate = true)
public class SqlOutcomeHistory implements OutcomeHistory {
    static final int MAX_LIMIT = 10_000;
    private final LearningDatabase db;

    /** @param db the database */
    @Activate
    public SqlOutcomeHistory(@Reference LearningDatabase db) {
        this.db = db;
        ForecastTables.migrate(db);
    }

    /**
     * Walks back from the newest forecast time in windows that grow fourfold (a day, four days,
     * ...), each read newest first through the forecast-time index, until the limit is reached: a
     * plain {@code ORDER BY forecast_ts DESC} would sort every stored outcome for each request.
     */
    @Override
    public List<ForecastOutcome> outcomes(OutcomeQuery q) {
        int limit = Math.max(1, Math.min(MAX_LIMIT, q.limit()));
        StringBuilder filters = new StringBuilder();
        List<Object> args = new ArrayList<>();
        if (q.producerId() != null) {
            filters.append(" AND producer_id = ?");
            args.add(q.producerId().trim());
        }
        if (q.asset() != null) {
            filters.append(" AND asset = ?");
            args.add(q.asset().trim().toUpperCase(Locale.ROOT));
        }
        if (q.horizon() != null) {
            filters.append(" AND horizon = ?");
            args.add(q.horizon().trim().toLowerCase(Locale.ROOT));
        }
        String sql = "SELECT forecast_event_id, forecast_id, producer_id, asset, horizon, action, confidence,"
                + " forecast_price, actual_price, return_actual_pct, direction_correct, brier_score, log_score,"
                + " regime_at_forecast, forecast_ts, resolved_at FROM forecast_outcomes WHERE forecast_ts >= ?"
                + " AND forecast_ts <= ?" + filters + " ORDER BY forecast_ts DESC, seq DESC LIMIT ?";
        return db.read(c -> {
            // Two statements: the database answers MIN or MAX of an indexed column from the index,
            // but both in one statement by reading every row.
            LocalDateTime min = edge(c, "MIN");
            if (min == null) {
                return List.of();
            }
            long oldest = Times.micros(min);
            long newest = Times.micros(edge(c, "MAX"));
            if (q.since() != null) {
                oldest = Math.max(oldest, Times.micros(q.since()));
            }
            List<ForecastOutcome> out = new ArrayList<>();
            long window = 86_400L * Times.MICROS_PER_SECOND;
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (long upper = newest; upper >= oldest && out.size() < limit; window *= 4) {
                    long lower = Math.max(oldest, upper - window + 1);
                    p.setObject(1, Times.timestamp(lower));
                    p.setObject(2, Times.timestamp(upper));
                    for (int i = 0; i < args.size(); i++) {
                        p.setObject(i + 3, args.get(i));
                    }
                    p.setInt(args.size() + 3, limit - out.size());
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            out.add(outcome(r));
                        }
                    }
                    upper = lower - 1;
                }
            }
            return out;
        });
    }

    private static LocalDateTime edge(java.sql.Connection c, String function) throws java.sql.SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT " + function + "(forecast_ts) FROM forecast_outcomes")) {
            return r.next() ? r.getObject(1, LocalDateTime.class) : null;
        }
    }

    private static ForecastOutcome outcome(ResultSet r) throws java.sql.SQLException {
        return new ForecastOutcome(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                ForecastAction.valueOf(r.getString(6).toUpperCase(Locale.ROOT)), r.getDouble(7), r.getDouble(8),
                r.getDouble(9), r.getDouble(10), r.getBoolean(11), r.getDouble(12), r.getDouble(13), r.getString(14),
                Times.instant(Times.micros(r.getObject(15, LocalDateTime.class))),
                Times.instant(Times.micros(r.getObject(16, LocalDateTime.class))));
    }

    /** Read from a counter kept with every written chunk: counting a cached table's rows would read them all. */
    @Override
    public long resolvedCount() {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT resolved FROM forecast_outcome_counts WHERE id = 1")) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }
}
