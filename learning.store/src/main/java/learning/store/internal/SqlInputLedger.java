package learning.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import com.google.gson.JsonObject;

import learning.api.ConflictException;
import learning.api.NotFoundException;
import learning.api.ValidationException;
import learning.api.event.AppendResult;
import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.ledger.AcceptedSignal;
import learning.api.ledger.Conviction;
import learning.api.ledger.ConvictionOutcome;
import learning.api.ledger.Direction;
import learning.api.ledger.Forecast;
import learning.api.ledger.Horizon;
import learning.api.ledger.InputLedger;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.api.ledger.PriceBar;
import learning.api.ledger.ProducerHealth;
import learning.api.store.LearningDatabase;
import learning.api.weights.Domain;

/**
 * The input ledger in SQL tables, each write validated first and paired with its input event in
 * the same transaction.
 */
public class SqlInputLedger implements InputLedger {
    static final String SOURCE = "ledger";
    private static final int MAX_BATCH = 10_000;
    private static final Set<String> SIGNAL_DIRECTIONS = Set.of("long", "short", "flat");

    private final LearningDatabase db;
    private final EventLog events;

    /**
     * @param db the database; the ledger tables are created if missing
     * @param events the event log the input events go to
     */
    public SqlInputLedger(LearningDatabase db, EventLog events) {
        this.db = db;
        this.events = events;
        db.migrate(LedgerSchema.MODULE, LedgerSchema.migrations());
    }

    // ---- positions ------------------------------------------------------------------------

    @Override
    public Position openPosition(Position p) {
        Checks.required("body", p);
        String id = Checks.text("id", p.id(), Checks.MAX_ID);
        String symbol = Checks.text("symbol", p.symbol(), Checks.MAX_LABEL).toUpperCase(Locale.ROOT);
        Direction direction = Checks.required("direction", p.direction());
        Instant openedAt = Checks.instant("opened_at", p.openedAt());
        if (p.closedAt() != null || p.realizedPnl() != null || p.exitPrice() != null) {
            throw new ValidationException("closed_at", "a position is opened open: close it with the close call");
        }
        String convictionId = Checks.optionalText("conviction_id", p.convictionId(), Checks.MAX_ID);
        String regime = Checks.optionalText("regime_at_entry", p.regimeAtEntry(), Checks.MAX_LABEL);
        Double drawdown = Checks.optionalFinite("max_drawdown_during", p.maxDrawdownDuring());
        Double entry = Checks.optionalPositive("entry_price", p.entryPrice());
        Double size = Checks.optionalPositive("size_usd", p.sizeUsd());
        Position stored = new Position(id, symbol, direction, PositionStatus.OPEN, openedAt, null, null, convictionId,
                regime, drawdown, entry, null, size);
        return db.inTransaction(c -> {
            Optional<Position> existing = position(c, id);
            if (existing.isPresent() && existing.get().status() == PositionStatus.CLOSED) {
                throw new ConflictException("id", "position '" + id + "' is already closed and cannot be reopened");
            }
            String sql = existing.isPresent()
                    ? "UPDATE positions SET symbol = ?, direction = ?, status = ?, opened_at = ?, conviction_id = ?,"
                            + " regime_at_entry = ?, max_drawdown_during = ?, entry_price = ?, size_usd = ? WHERE id = ?"
                    : "INSERT INTO positions (symbol, direction, status, opened_at, conviction_id, regime_at_entry,"
                            + " max_drawdown_during, entry_price, size_usd, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, symbol);
                s.setString(2, direction.wireName());
                s.setString(3, PositionStatus.OPEN.wireName());
                s.setObject(4, Sql.timestamp(openedAt));
                s.setString(5, convictionId);
                s.setString(6, regime);
                s.setObject(7, drawdown);
                s.setObject(8, entry);
                s.setObject(9, size);
                s.setString(10, id);
                s.executeUpdate();
            }
            events.append(new NewEvent(EventTypes.POSITION_OPENED, openedAt, SOURCE, null, positionJson(stored)));
            return stored;
        });
    }

    @Override
    public Position closePosition(String positionId, PositionClose close) {
        String id = Checks.text("id", positionId, Checks.MAX_ID);
        Checks.required("body", close);
        Instant closedAt = Checks.instant("closed_at", close.closedAt());
        double pnl = Checks.finite("realized_pnl", close.realizedPnl());
        Double drawdown = Checks.optionalFinite("max_drawdown_during", close.maxDrawdownDuring());
        Double exit = Checks.optionalPositive("exit_price", close.exitPrice());
        return db.inTransaction(c -> {
            Position open = position(c, id)
                    .orElseThrow(() -> new NotFoundException("id", "no position with id '" + id + "'"));
            if (open.status() == PositionStatus.CLOSED) {
                throw new ConflictException("id", "position '" + id + "' is already closed (at " + open.closedAt() + ")");
            }
            if (closedAt.isBefore(open.openedAt())) {
                throw new ValidationException("closed_at",
                        "closed_at " + closedAt + " is before the position's opened_at " + open.openedAt());
            }
            Double keptDrawdown = drawdown != null ? drawdown : open.maxDrawdownDuring();
            Position closed = new Position(id, open.symbol(), open.direction(), PositionStatus.CLOSED, open.openedAt(),
                    closedAt, pnl, open.convictionId(), open.regimeAtEntry(), keptDrawdown, open.entryPrice(), exit,
                    open.sizeUsd());
            // The close event's sequence numbers the close, for the sweeps (learning.api.store.SweepWindow).
            AppendResult event = events.append(new NewEvent(EventTypes.POSITION_CLOSED, closedAt, SOURCE,
                    "ledger:position_closed:" + id, positionJson(closed)));
            Double[] entry = entryScores(c, open.convictionId());
            try (PreparedStatement s = c.prepareStatement("UPDATE positions SET status = ?, closed_at = ?,"
                    + " realized_pnl = ?, max_drawdown_during = ?, exit_price = ?, close_seq = ?, "
                    + String.join(" = ?, ", LedgerSchema.ENTRY_COLUMNS) + " = ? WHERE id = ?")) {
                s.setString(1, PositionStatus.CLOSED.wireName());
                s.setObject(2, Sql.timestamp(closedAt));
                s.setDouble(3, pnl);
                s.setObject(4, keptDrawdown);
                s.setObject(5, exit);
                s.setLong(6, event.event().sequence());
                for (int i = 0; i < entry.length; i++) {
                    s.setObject(7 + i, entry[i]);
                }
                s.setString(7 + entry.length, id);
                s.executeUpdate();
            }
            return closed;
        });
    }

    /** @return the conviction's score per {@link Domain} (null where it has none); all null without a conviction */
    private static Double[] entryScores(Connection c, String convictionId) throws SQLException {
        return scoresByDomain(convictionId == null ? Map.of() : domainScores(c, convictionId));
    }

    /** @return a conviction's domain scores as recorded, by domain name */
    private static Map<String, Double> domainScores(Connection c, String convictionId) throws SQLException {
        Map<String, Double> domains = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT domain, domain_score FROM conviction_log WHERE conviction_id = ? ORDER BY domain")) {
            s.setString(1, convictionId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    domains.put(r.getString(1), r.getDouble(2));
                }
            }
        }
        return domains;
    }

    /** Domain names as a conviction gives them (any case) to one score per {@link Domain}, the larger on a clash. */
    private static Double[] scoresByDomain(Map<String, Double> scores) {
        Double[] out = new Double[Domain.values().length];
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            Domain.fromWireName(e.getKey()).ifPresent(d -> {
                Double was = out[d.ordinal()];
                out[d.ordinal()] = was == null ? e.getValue() : Math.max(was, e.getValue());
            });
        }
        return out;
    }

    private static String positionJson(Position p) {
        JsonObject o = new JsonObject();
        o.addProperty("id", p.id());
        o.addProperty("symbol", p.symbol());
        o.addProperty("direction", p.direction().wireName());
        o.addProperty("status", p.status().wireName());
        o.addProperty("opened_at", str(p.openedAt()));
        o.addProperty("closed_at", str(p.closedAt()));
        o.addProperty("realized_pnl", p.realizedPnl());
        o.addProperty("conviction_id", p.convictionId());
        o.addProperty("regime_at_entry", p.regimeAtEntry());
        o.addProperty("max_drawdown_during", p.maxDrawdownDuring());
        o.addProperty("entry_price", p.entryPrice());
        o.addProperty("exit_price", p.exitPrice());
        o.addProperty("size_usd", p.sizeUsd());
        return Json.GSON.toJson(o);
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    @Override
    public Optional<Position> position(String positionId) {
        return db.read(c -> position(c, positionId));
    }

    private static Optional<Position> position(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM positions WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(readPosition(r)) : Optional.empty();
            }
        }
    }

    private static Position readPosition(ResultSet r) throws SQLException {
        return new Position(r.getString("id"), r.getString("symbol"),
                Direction.valueOf(r.getString("direction").toUpperCase(Locale.ROOT)),
                PositionStatus.valueOf(r.getString("status").toUpperCase(Locale.ROOT)), Sql.instant(r, "opened_at"),
                Sql.instant(r, "closed_at"), Sql.nullableDouble(r, "realized_pnl"), r.getString("conviction_id"),
                r.getString("regime_at_entry"), Sql.nullableDouble(r, "max_drawdown_during"),
                Sql.nullableDouble(r, "entry_price"), Sql.nullableDouble(r, "exit_price"),
                Sql.nullableDouble(r, "size_usd"));
    }

    @Override
    public List<Position> positionsClosedBetween(Instant fromInclusive, Instant toInclusive) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM positions WHERE status = 'closed'"
                    + " AND closed_at >= ? AND closed_at <= ? ORDER BY closed_at, id")) {
                s.setObject(1, Sql.timestamp(fromInclusive));
                s.setObject(2, Sql.timestamp(toInclusive));
                List<Position> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(readPosition(r));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<Instant> firstClosedAt() {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT MIN(closed_at) FROM positions WHERE status = 'closed'")) {
                return r.next() ? Optional.ofNullable(Sql.instant(r, 1)) : Optional.empty();
            }
        });
    }

    // ---- convictions ----------------------------------------------------------------------

    @Override
    public Conviction recordConviction(Conviction v) {
        Checks.required("body", v);
        String id = Checks.text("id", v.id(), Checks.MAX_ID);
        String cycleId = Checks.text("cycle_id", v.cycleId(), Checks.MAX_ID);
        String symbol = Checks.text("symbol", v.symbol(), Checks.MAX_LABEL).toUpperCase(Locale.ROOT);
        double score = Checks.finite("score", v.score());
        Instant ts = Checks.instant("ts", v.ts());
        if (v.outcome() != null || v.outcomeTs() != null) {
            throw new ValidationException("outcome", "the outcome is set by attribution, not by the client");
        }
        Map<String, Double> domains = new TreeMap<>();
        for (Map.Entry<String, Double> e : Checks.required("domain_scores", v.domainScores()).entrySet()) {
            String domain = Checks.text("domain_scores", e.getKey(), Checks.MAX_LABEL).toLowerCase(Locale.ROOT);
            Double value = Checks.required("domain_scores." + domain, e.getValue());
            domains.put(domain, Checks.finite("domain_scores." + domain, value));
        }
        List<String> skills = names("skills", v.skills());
        List<String> patterns = names("patterns", v.patterns());
        Conviction stored = new Conviction(id, cycleId, symbol, score, ts, domains, skills, patterns, null, null);
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("cycle_id", cycleId);
        o.addProperty("symbol", symbol);
        o.addProperty("score", score);
        o.addProperty("ts", ts.toString());
        JsonObject d = new JsonObject();
        domains.forEach(d::addProperty);
        o.add("domain_scores", d);
        o.add("skills", Json.strings(skills));
        o.add("patterns", Json.strings(patterns));
        return db.inTransaction(c -> {
            AppendResult r = events.append(new NewEvent(EventTypes.CONVICTION, ts, SOURCE, "ledger:conviction:" + id,
                    Json.GSON.toJson(o)));
            if (!r.created()) {
                return conviction(c, id).orElse(stored);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO conviction_scores (id, cycle_id, symbol, score, ts, event_seq) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, cycleId);
                s.setString(3, symbol);
                s.setDouble(4, score);
                s.setObject(5, Sql.timestamp(ts));
                s.setLong(6, r.event().sequence());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO conviction_log (conviction_id, cycle_id, symbol,"
                    + " domain, domain_score) VALUES (?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, Double> e : domains.entrySet()) {
                    s.setString(1, id);
                    s.setString(2, cycleId);
                    s.setString(3, symbol);
                    s.setString(4, e.getKey());
                    s.setDouble(5, e.getValue());
                    s.addBatch();
                }
                Sql.executeBatch(s, domains.size());
            }
            // Positions that closed before their conviction was recorded get its scores now.
            Double[] entry = scoresByDomain(domains);
            try (PreparedStatement s = c.prepareStatement("UPDATE positions SET "
                    + String.join(" = ?, ", LedgerSchema.ENTRY_COLUMNS) + " = ? WHERE conviction_id = ? AND status = 'closed'")) {
                for (int i = 0; i < entry.length; i++) {
                    s.setObject(1 + i, entry[i]);
                }
                s.setString(1 + entry.length, id);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO conviction_refs (conviction_id, kind, name, ordinal) VALUES (?, ?, ?, ?)")) {
                addRefs(s, id, "skill", skills);
                addRefs(s, id, "pattern", patterns);
                Sql.executeBatch(s, skills.size() + patterns.size());
            }
            return stored;
        });
    }

    private static void addRefs(PreparedStatement s, String id, String kind, List<String> names) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            s.setString(1, id);
            s.setString(2, kind);
            s.setString(3, names.get(i));
            s.setInt(4, i);
            s.addBatch();
        }
    }

    /** Skill and pattern names: distinct, and safe as file names (no folders, no dot-dot). */
    private static List<String> names(String field, List<String> given) {
        List<String> out = new ArrayList<>();
        if (given == null) {
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String f = field + "[" + i + "]";
            String n = Checks.text(f, given.get(i), 256);
            if (n.contains("/") || n.contains("\\") || n.contains("..") || n.chars().anyMatch(Character::isISOControl)) {
                throw new ValidationException(f, "'" + n + "' is not a valid name: no slashes, '..' or control characters");
            }
            if (seen.add(n)) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public Optional<Conviction> conviction(String convictionId) {
        return db.read(c -> conviction(c, convictionId));
    }

    private static Optional<Conviction> conviction(Connection c, String id) throws SQLException {
        String cycleId;
        String symbol;
        double score;
        Instant ts;
        Double outcome;
        Instant outcomeTs;
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM conviction_scores WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                cycleId = r.getString("cycle_id");
                symbol = r.getString("symbol");
                score = r.getDouble("score");
                ts = Sql.instant(r, "ts");
                outcome = Sql.nullableDouble(r, "outcome");
                outcomeTs = Sql.instant(r, "outcome_ts");
            }
        }
        Map<String, Double> domains = domainScores(c, id);
        List<String> skills = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT kind, name FROM conviction_refs WHERE conviction_id = ? ORDER BY kind, ordinal")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ("skill".equals(r.getString(1)) ? skills : patterns).add(r.getString(2));
                }
            }
        }
        return Optional.of(new Conviction(id, cycleId, symbol, score, ts, domains, skills, patterns, outcome, outcomeTs));
    }

    private static final String SET_OUTCOME = "UPDATE conviction_scores SET outcome = ?, outcome_ts = ? WHERE id = ?";

    @Override
    public void recordConvictionOutcome(String convictionId, double realizedPnl, Instant outcomeTs) {
        Checks.finite("realized_pnl", realizedPnl);
        Checks.instant("outcome_ts", outcomeTs);
        setOutcomes(List.of(new ConvictionOutcome(convictionId, realizedPnl, outcomeTs)), i -> "conviction_id");
    }

    @Override
    public void recordConvictionOutcomes(List<ConvictionOutcome> outcomes) {
        for (int i = 0; i < outcomes.size(); i++) {
            try {
                ConvictionOutcome o = Checks.required("body", outcomes.get(i));
                Checks.text("conviction_id", o.convictionId(), Checks.MAX_ID);
                Checks.finite("realized_pnl", o.realizedPnl());
                Checks.instant("outcome_ts", o.outcomeTs());
            } catch (ValidationException e) {
                throw e.withFieldPrefix("[" + i + "]");
            }
        }
        if (!outcomes.isEmpty()) {
            setOutcomes(outcomes, i -> "[" + i + "].conviction_id");
        }
    }

    /**
     * Sets validated outcomes with one batched UPDATE, in one transaction (or the caller's), in
     * conviction id order: each look-up in the primary key then starts near where the last one ended,
     * instead of at a random place of a large table. Outcomes of one conviction keep their given
     * order, so the last one given is the one kept.
     *
     * @param field names the field of the i-th outcome in the error for an unknown conviction
     */
    private void setOutcomes(List<ConvictionOutcome> outcomes, IntFunction<String> field) {
        List<Integer> order = IntStream.range(0, outcomes.size()).boxed()
                .sorted(Comparator.comparing(i -> outcomes.get(i).convictionId())).toList();
        db.inTransaction(c -> {
            PreparedStatement s = statement(c, SET_OUTCOME);
            for (int i : order) {
                ConvictionOutcome o = outcomes.get(i);
                s.setDouble(1, o.realizedPnl());
                s.setObject(2, Sql.timestamp(o.outcomeTs()));
                s.setString(3, o.convictionId());
                s.addBatch();
            }
            int[] updated = s.executeBatch();
            for (int k = 0; k < updated.length; k++) {
                if (updated[k] == 0) {
                    int i = order.get(k);
                    throw new NotFoundException(field.apply(i),
                            "no conviction with id '" + outcomes.get(i).convictionId() + "'");
                }
            }
            return null;
        });
    }

    // ---- accepted signals -----------------------------------------------------------------

    @Override
    public List<AcceptedSignal> recordAcceptedSignals(List<AcceptedSignal> signals) {
        batchSize(signals);
        List<AcceptedSignal> valid = new ArrayList<>(signals.size());
        List<NewEvent> newEvents = new ArrayList<>(signals.size());
        Instant now = Instant.now();
        for (int i = 0; i < signals.size(); i++) {
            try {
                AcceptedSignal s = validSignal(signals.get(i));
                valid.add(s);
                JsonObject o = new JsonObject();
                o.addProperty("trade_id", s.tradeId());
                o.addProperty("producer_id", s.producerId());
                o.addProperty("domain", s.domain());
                o.addProperty("signal_event_id", s.signalEventId());
                o.addProperty("contribution_weight", s.contributionWeight());
                o.addProperty("direction", s.direction());
                o.addProperty("confidence", s.confidence());
                o.addProperty("horizon", s.horizon());
                newEvents.add(new NewEvent(EventTypes.SIGNAL_ACCEPTED, now, SOURCE,
                        "signal_accepted:" + s.tradeId() + ":" + s.signalEventId(), Json.GSON.toJson(o)));
            } catch (ValidationException e) {
                throw e.withFieldPrefix("[" + i + "]");
            }
        }
        return db.inTransaction(c -> {
            List<AppendResult> results = events.appendAll(newEvents);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO accepted_signals (trade_id, signal_event_id,"
                    + " producer_id, domain, contribution_weight, direction, confidence, horizon, event_id, event_seq)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Set<String> inserted = new HashSet<>();
                for (int i = 0; i < valid.size(); i++) {
                    AppendResult r = results.get(i);
                    AcceptedSignal a = valid.get(i);
                    if (!r.created() || !inserted.add(a.tradeId() + "\u0000" + a.signalEventId())) {
                        continue;
                    }
                    s.setString(1, a.tradeId());
                    s.setString(2, a.signalEventId());
                    s.setString(3, a.producerId());
                    s.setString(4, a.domain());
                    s.setDouble(5, a.contributionWeight());
                    s.setString(6, a.direction());
                    s.setObject(7, a.confidence());
                    s.setString(8, a.horizon());
                    s.setString(9, r.event().id());
                    s.setLong(10, r.event().sequence());
                    s.addBatch();
                }
                Sql.executeBatch(s, inserted.size());
            }
            return valid;
        });
    }

    private static AcceptedSignal validSignal(AcceptedSignal s) {
        Checks.required("body", s);
        String trade = Checks.text("trade_id", s.tradeId(), Checks.MAX_ID);
        String producer = Checks.text("producer_id", s.producerId(), Checks.MAX_ID);
        String domain = s.domain() == null ? "unknown"
                : Checks.text("domain", s.domain(), Checks.MAX_LABEL).toLowerCase(Locale.ROOT);
        String signal = Checks.text("signal_event_id", s.signalEventId(), Checks.MAX_ID);
        double weight = Checks.nonNegative("contribution_weight", s.contributionWeight());
        String direction = null;
        if (s.direction() != null) {
            direction = s.direction().trim().toLowerCase(Locale.ROOT);
            if (!SIGNAL_DIRECTIONS.contains(direction)) {
                throw new ValidationException("direction", "direction must be long, short or flat, not '" + s.direction() + "'");
            }
        }
        Double confidence = s.confidence() == null ? null : Checks.probability("confidence", s.confidence());
        String horizon = s.horizon() == null ? null : horizon("horizon", s.horizon()).label();
        return new AcceptedSignal(trade, producer, domain, signal, weight, direction, confidence, horizon);
    }

    static Horizon horizon(String field, String label) {
        try {
            return Horizon.parse(label);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, e.getMessage());
        }
    }

    @Override
    public List<AcceptedSignal> acceptedSignals(String tradeId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT * FROM accepted_signals WHERE trade_id = ? ORDER BY event_seq")) {
                s.setString(1, tradeId);
                List<AcceptedSignal> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new AcceptedSignal(r.getString("trade_id"), r.getString("producer_id"),
                                r.getString("domain"), r.getString("signal_event_id"), r.getDouble("contribution_weight"),
                                r.getString("direction"), Sql.nullableDouble(r, "confidence"), r.getString("horizon")));
                    }
                }
                return out;
            }
        });
    }

    // ---- forecasts ------------------------------------------------------------------------

    @Override
    public List<Forecast> recordForecasts(List<Forecast> forecasts) {
        batchSize(forecasts);
        int n = forecasts.size();
        List<Forecast> valid = new ArrayList<>(n);
        List<Horizon> horizons = new ArrayList<>(n);
        List<NewEvent> newEvents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            try {
                Forecast f = forecasts.get(i);
                Checks.required("body", f);
                Horizon h = cachedHorizon(f.horizon());
                Instant ts = Checks.instant("ts", f.ts());
                if (!Sql.storable(ts)) {
                    throw new ValidationException("ts", "ts must lie in the years 0001 to 9999");
                }
                Forecast v = new Forecast(Checks.text("forecast_id", f.forecastId(), Checks.MAX_ID),
                        Checks.text("asset", f.asset(), Checks.MAX_LABEL).toUpperCase(Locale.ROOT), h.label(),
                        Checks.required("action", f.action()), Checks.probability("confidence", f.confidence()),
                        Checks.text("source", f.source(), 256),
                        f.regimeTag() == null || f.regimeTag().isBlank() ? "unknown"
                                : Checks.text("regime_tag", f.regimeTag(), Checks.MAX_LABEL),
                        ts, null);
                valid.add(v);
                horizons.add(h);
                newEvents.add(new NewEvent(EventTypes.FORECAST, v.ts(), v.source(), "forecast.v1:" + v.forecastId(),
                        forecastPayload(v)));
            } catch (ValidationException e) {
                throw e.withFieldPrefix("[" + i + "]");
            }
        }
        // A forecast id repeated inside the batch is checked here and stored once.
        int[] firstInBatch = new int[n];
        Map<String, Integer> seen = new HashMap<>(n * 2);
        boolean repeats = false;
        for (int i = 0; i < n; i++) {
            Forecast f = valid.get(i);
            Integer earlier = seen.putIfAbsent(f.forecastId(), i);
            firstInBatch[i] = earlier == null ? i : earlier;
            if (earlier != null) {
                requireSameForecast(i, valid.get(earlier), f);
                repeats = true;
            }
        }
        Batch batch = new Batch(valid, horizons, newEvents, firstInBatch, repeats);
        // Fast path: most forecasts are new, so insert them without looking each id up first; the
        // primary key refuses a stored id, and then the whole transaction is rolled back and the batch
        // is run again with a lookup per forecast (same answer, only slower).
        try {
            return db.inTransaction(c -> storeForecasts(c, batch, false));
        } catch (StoredIdSeen retry) {
            return db.inTransaction(c -> storeForecasts(c, batch, true));
        }
    }

    /** A validated batch of forecasts, with the index of each id's first occurrence. */
    private record Batch(List<Forecast> valid, List<Horizon> horizons, List<NewEvent> events, int[] firstInBatch,
            boolean repeats) {
    }

    /** Thrown out of the fast path when a forecast id is already stored; rolls its transaction back. */
    private static final class StoredIdSeen extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoredIdSeen() {
            super("a forecast id of the batch is already stored", null, false, false);
        }
    }

    private static final String FIND_FORECAST = "SELECT * FROM forecasts WHERE forecast_id = ?";
    private static final String INSERT_FORECAST = "INSERT INTO forecasts (forecast_id, event_id, event_seq, asset,"
            + " horizon, horizon_seconds, action, confidence, source, producer_id, regime_tag, ts, target_ts)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private List<Forecast> storeForecasts(Connection c, Batch b, boolean lookUp) throws SQLException {
        int n = b.valid.size();
        Forecast[] out = new Forecast[n];
        List<Integer> fresh = new ArrayList<>(n);
        List<NewEvent> freshEvents = new ArrayList<>(n);
        PreparedStatement find = lookUp ? statement(c, FIND_FORECAST) : null;
        for (int i = 0; i < n; i++) {
            if (b.firstInBatch[i] != i) {
                continue;
            }
            Forecast f = b.valid.get(i);
            if (lookUp) {
                find.setString(1, f.forecastId());
                try (ResultSet r = find.executeQuery()) {
                    if (r.next()) {
                        Forecast stored = readForecast(r);
                        requireSameForecast(i, stored, f);
                        out[i] = stored;
                        continue;
                    }
                }
            }
            fresh.add(i);
            freshEvents.add(b.events.get(i));
        }
        List<AppendResult> results = events instanceof ChainedEventLog own ? own.appendCanonicalUnique(freshEvents)
                : events.appendAll(freshEvents);
        PreparedStatement s = statement(c, INSERT_FORECAST);
        for (int k = 0; k < fresh.size(); k++) {
            int i = fresh.get(k);
            Forecast f = b.valid.get(i);
            AppendResult r = results.get(k);
            Instant ts = r.event().ts();
            Horizon h = b.horizons.get(i);
            out[i] = new Forecast(f.forecastId(), f.asset(), f.horizon(), f.action(), f.confidence(), f.source(),
                    f.regimeTag(), ts, r.event().id());
            s.setString(1, f.forecastId());
            s.setString(2, r.event().id());
            s.setLong(3, r.event().sequence());
            s.setString(4, f.asset());
            s.setString(5, f.horizon());
            s.setLong(6, h.duration().getSeconds());
            s.setString(7, f.action().wireName());
            s.setDouble(8, f.confidence());
            s.setString(9, f.source());
            s.setString(10, producerOf(f.source()));
            s.setString(11, f.regimeTag());
            s.setObject(12, Sql.timestamp(ts));
            s.setObject(13, Sql.timestamp(ts.plus(h.duration())));
            s.addBatch();
        }
        if (!fresh.isEmpty()) {
            try {
                s.executeBatch();
            } catch (SQLException e) {
                s.clearBatch();
                if (!lookUp && isUniqueViolation(e)) {
                    throw new StoredIdSeen();
                }
                throw e;
            }
        }
        if (b.repeats) {
            for (int i = 0; i < n; i++) {
                if (out[i] == null) {
                    out[i] = out[b.firstInBatch[i]];
                }
            }
        }
        return List.of(out);
    }

    /** @return whether the exception, or one it wraps, is a unique or primary key violation */
    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException q && "23505".equals(q.getSQLState())) {
                return true;
            }
            if (t instanceof SQLException q && q.getNextException() != null
                    && "23505".equals(q.getNextException().getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private PreparedStatement statement(Connection c, String sql) throws SQLException {
        if (db instanceof HsqlDatabase own) {
            return own.statement(c, sql);
        }
        throw new IllegalStateException("the ledger's fast paths need the store's own database");
    }

    /** Parsed horizons by label: a batch repeats a handful of labels thousands of times. */
    private final Map<String, Horizon> horizonCache = new java.util.concurrent.ConcurrentHashMap<>();

    private Horizon cachedHorizon(String label) {
        Horizon h = label == null ? null : horizonCache.get(label);
        if (h != null) {
            return h;
        }
        h = horizon("horizon", label);
        if (horizonCache.size() < 1_024) {
            horizonCache.put(label, h);
        }
        return h;
    }

    private static void requireSameForecast(int index, Forecast stored, Forecast given) {
        boolean same = stored.asset().equals(given.asset()) && stored.horizon().equals(given.horizon())
                && stored.action() == given.action() && stored.confidence() == given.confidence()
                && stored.source().equals(given.source()) && stored.regimeTag().equals(given.regimeTag())
                && stored.ts().equals(given.ts().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        if (!same) {
            throw new ConflictException("[" + index + "].forecast_id", "forecast_id '" + given.forecastId()
                    + "' is already stored with different content; the original stays");
        }
    }

    private static Forecast readForecast(ResultSet r) throws SQLException {
        return new Forecast(r.getString("forecast_id"), r.getString("asset"), r.getString("horizon"),
                learning.api.ledger.ForecastAction.valueOf(r.getString("action").toUpperCase(Locale.ROOT)),
                r.getDouble("confidence"), r.getString("source"), r.getString("regime_tag"), Sql.instant(r, "ts"),
                r.getString("event_id"));
    }

    /**
     * The forecast's {@code forecast.v1} payload, written directly in canonical form (keys sorted, no
     * white space, strings escaped as Gson escapes them), the same text as {@link Json#canonical}
     * gives for it.
     */
    static String forecastPayload(Forecast f) {
        StringBuilder b = new StringBuilder(192);
        b.append("{\"action\":");
        Json.string(b, f.action().wireName());
        b.append(",\"asset\":");
        Json.string(b, f.asset());
        b.append(",\"confidence\":").append(Double.toString(f.confidence()));
        b.append(",\"forecast_id\":");
        Json.string(b, f.forecastId());
        b.append(",\"horizon\":");
        Json.string(b, f.horizon());
        b.append(",\"regime_tag\":");
        Json.string(b, f.regimeTag());
        b.append(",\"source\":");
        Json.string(b, f.source());
        b.append(",\"ts\":");
        Json.string(b, Sql.iso(f.ts()));
        return b.append('}').toString();
    }

    /** The producer of a source {@code name@version} is the part before the first {@code @}. */
    static String producerOf(String source) {
        int at = source.indexOf('@');
        return at > 0 ? source.substring(0, at) : source;
    }

    @Override
    public List<Forecast> forecasts(Instant since, int limit) {
        int capped = Math.max(1, Math.min(10_000, limit));
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM forecasts"
                    + (since == null ? "" : " WHERE ts >= ?") + " ORDER BY ts DESC, event_seq DESC LIMIT " + capped)) {
                if (since != null) {
                    s.setObject(1, Sql.timestamp(since));
                }
                List<Forecast> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(readForecast(r));
                    }
                }
                return out;
            }
        });
    }

    // ---- price bars -----------------------------------------------------------------------

    @Override
    public int recordPriceBars(List<PriceBar> bars) {
        if (bars == null || bars.isEmpty()) {
            throw new ValidationException("bars", "bars must hold at least one bar");
        }
        PriceBar first = Checks.required("bars[0]", bars.get(0));
        String asset = Checks.text("asset", first.asset(), Checks.MAX_LABEL).toUpperCase(Locale.ROOT);
        String interval = horizon("interval", first.interval()).label();
        List<PriceBar> valid = new ArrayList<>(bars.size());
        Set<Instant> openTimes = new HashSet<>();
        for (int i = 0; i < bars.size(); i++) {
            try {
                PriceBar b = Checks.required("body", bars.get(i));
                if (b.asset() == null || !asset.equalsIgnoreCase(b.asset().trim())) {
                    throw new ValidationException("asset", "every bar of a batch must have asset " + asset);
                }
                if (b.interval() == null || !interval.equals(horizon("interval", b.interval()).label())) {
                    throw new ValidationException("interval", "every bar of a batch must have interval " + interval);
                }
                valid.add(validBar(asset, interval, b));
                if (!openTimes.add(b.openTime())) {
                    throw new ValidationException("open_time", "open_time " + b.openTime() + " appears twice in the batch");
                }
            } catch (ValidationException e) {
                throw e.withFieldPrefix("bars[" + i + "]");
            }
        }
        return db.inTransaction(c -> {
            int stored = 0;
            try (PreparedStatement find = c.prepareStatement("SELECT close_time, open_price, high_price, low_price,"
                    + " close_price, volume FROM price_bars WHERE asset = ? AND interval_label = ? AND open_time = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO price_bars (asset, interval_label,"
                            + " open_time, close_time, open_price, high_price, low_price, close_price, volume, source)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < valid.size(); i++) {
                    PriceBar b = valid.get(i);
                    find.setString(1, asset);
                    find.setString(2, interval);
                    find.setObject(3, Sql.timestamp(b.openTime()));
                    try (ResultSet r = find.executeQuery()) {
                        if (r.next()) {
                            if (!Sql.instant(r, 1).equals(b.closeTime()) || r.getDouble(2) != b.open()
                                    || r.getDouble(3) != b.high() || r.getDouble(4) != b.low()
                                    || r.getDouble(5) != b.close() || r.getDouble(6) != b.volume()) {
                                throw new ConflictException("bars[" + i + "].open_time", "a different " + asset + " "
                                        + interval + " bar opening at " + b.openTime() + " is already stored");
                            }
                            continue;
                        }
                    }
                    insert.setString(1, asset);
                    insert.setString(2, interval);
                    insert.setObject(3, Sql.timestamp(b.openTime()));
                    insert.setObject(4, Sql.timestamp(b.closeTime()));
                    insert.setDouble(5, b.open());
                    insert.setDouble(6, b.high());
                    insert.setDouble(7, b.low());
                    insert.setDouble(8, b.close());
                    insert.setDouble(9, b.volume());
                    insert.setString(10, b.source());
                    insert.addBatch();
                    stored++;
                }
                Sql.executeBatch(insert, stored);
            }
            if (stored > 0) {
                JsonObject o = new JsonObject();
                o.addProperty("asset", asset);
                o.addProperty("interval", interval);
                o.addProperty("received", valid.size());
                o.addProperty("stored", stored);
                o.addProperty("first_open_time", valid.get(0).openTime().toString());
                o.addProperty("last_open_time", valid.get(valid.size() - 1).openTime().toString());
                o.addProperty("source", valid.get(0).source());
                events.append(new NewEvent(EventTypes.PRICE_BARS, Instant.now(), SOURCE, null, Json.GSON.toJson(o)));
            }
            return stored;
        });
    }

    private static PriceBar validBar(String asset, String interval, PriceBar b) {
        Instant open = Checks.instant("open_time", b.openTime());
        Instant close = Checks.instant("close_time", b.closeTime());
        if (!close.isAfter(open)) {
            throw new ValidationException("close_time", "close_time must be after open_time");
        }
        double o = Checks.positive("open", b.open());
        double h = Checks.positive("high", b.high());
        double l = Checks.positive("low", b.low());
        double c = Checks.positive("close", b.close());
        if (h < l) {
            throw new ValidationException("high", "high " + h + " is below low " + l);
        }
        if (h < Math.max(o, c)) {
            throw new ValidationException("high", "high " + h + " is below open or close");
        }
        if (l > Math.min(o, c)) {
            throw new ValidationException("low", "low " + l + " is above open or close");
        }
        double v = Checks.nonNegative("volume", b.volume());
        String source = b.source() == null || b.source().isBlank() ? "rest" : Checks.text("source", b.source(), 64);
        return new PriceBar(asset, interval, open, close, o, h, l, c, v, source);
    }

    @Override
    public List<PriceBar> bars(String asset, String interval, Instant closeFromInclusive, Instant closeToInclusive) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM price_bars WHERE asset = ?"
                    + (interval == null ? "" : " AND interval_label = ?")
                    + " AND close_time >= ? AND close_time <= ? ORDER BY close_time, interval_label")) {
                int i = 1;
                s.setString(i++, asset.toUpperCase(Locale.ROOT));
                if (interval != null) {
                    s.setString(i++, interval);
                }
                s.setObject(i++, Sql.timestamp(closeFromInclusive));
                s.setObject(i, Sql.timestamp(closeToInclusive));
                List<PriceBar> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new PriceBar(r.getString("asset"), r.getString("interval_label"),
                                Sql.instant(r, "open_time"), Sql.instant(r, "close_time"), r.getDouble("open_price"),
                                r.getDouble("high_price"), r.getDouble("low_price"), r.getDouble("close_price"),
                                r.getDouble("volume"), r.getString("source")));
                    }
                }
                return out;
            }
        });
    }

    // ---- producer health ------------------------------------------------------------------

    @Override
    public ProducerHealth reportProducerHealth(ProducerHealth h) {
        Checks.required("body", h);
        String name = Checks.text("name", h.name(), Checks.MAX_ID);
        if (h.consecutiveFailures() < 0) {
            throw new ValidationException("consecutive_failures", "consecutive_failures must not be negative");
        }
        ProducerHealth stored = new ProducerHealth(name, h.lastSuccessAt(), h.consecutiveFailures());
        Instant now = Instant.now();
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("MERGE INTO producer_health t USING (VALUES (CAST(? AS VARCHAR(128)),"
                    + " CAST(? AS TIMESTAMP(6)), CAST(? AS INT), CAST(? AS TIMESTAMP(6)))) AS v (name, last_success_at,"
                    + " consecutive_failures, reported_at) ON t.name = v.name WHEN MATCHED THEN UPDATE SET"
                    + " t.last_success_at = v.last_success_at, t.consecutive_failures = v.consecutive_failures,"
                    + " t.reported_at = v.reported_at WHEN NOT MATCHED THEN INSERT VALUES v.name, v.last_success_at,"
                    + " v.consecutive_failures, v.reported_at")) {
                s.setString(1, name);
                s.setObject(2, Sql.timestamp(h.lastSuccessAt()));
                s.setInt(3, h.consecutiveFailures());
                s.setObject(4, Sql.timestamp(now));
                s.executeUpdate();
            }
            JsonObject o = new JsonObject();
            o.addProperty("name", name);
            o.addProperty("last_success_at", str(h.lastSuccessAt()));
            o.addProperty("consecutive_failures", h.consecutiveFailures());
            events.append(new NewEvent(EventTypes.PRODUCER_HEALTH, now, SOURCE, null, Json.GSON.toJson(o)));
            return stored;
        });
    }

    @Override
    public List<ProducerHealth> producerHealth() {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT name, last_success_at, consecutive_failures"
                            + " FROM producer_health ORDER BY name")) {
                List<ProducerHealth> out = new ArrayList<>();
                while (r.next()) {
                    out.add(new ProducerHealth(r.getString(1), Sql.instant(r, 2), r.getInt(3)));
                }
                return out;
            }
        });
    }

    @Override
    public Map<String, Long> counts() {
        return db.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement()) {
                for (String t : new String[] {"positions", "conviction_scores", "accepted_signals", "forecasts",
                        "price_bars", "producer_health", "events"}) {
                    try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                        r.next();
                        out.put(t, r.getLong(1));
                    }
                }
            }
            return out;
        });
    }

    private static void batchSize(List<?> items) {
        if (items == null || items.isEmpty()) {
            throw new ValidationException("body", "a batch must hold at least one item");
        }
        if (items.size() > MAX_BATCH) {
            throw new ValidationException("body", "a batch holds at most " + MAX_BATCH + " items, not " + items.size());
        }
    }
}
