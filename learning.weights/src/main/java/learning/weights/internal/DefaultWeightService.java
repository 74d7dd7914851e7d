package learning.weights.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;

import learning.api.NotFoundException;
import learning.api.ConflictException;
import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.store.LearningDatabase;
import learning.api.weights.AdjustmentStatus;
import learning.api.weights.Domain;
import learning.api.weights.LiveWeights;
import learning.api.weights.WeightAdjuster;
import learning.api.weights.WeightChange;
import learning.api.weights.WeightCycleResult;
import learning.api.weights.WeightPreset;
import learning.api.weights.WeightProposal;
import learning.api.weights.WeightService;
import learning.api.weights.WeightSource;
import learning.api.weights.WeightWindow;
import learning.api.weights.WindowPosition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weight service. All of its state is in the database and the overlay file, so a restarted
 * or replaced component carries on where the old one stopped.
 *
 * <p>The live weights are the overlay's when the overlay file exists and is valid, else the
 * preset's. A cycle reads the window, applies the cold start and the 20-observation rule, asks the
 * live adjuster (and every other one, as challengers), clamps each change to the cycle's max delta,
 * bounds the result, runs the overfitting guard, and then applies the result, or leaves it pending
 * when approval is required.
 */
public class DefaultWeightService implements WeightService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultWeightService.class);
    private static final Gson GSON = new Gson();
    private static final Type DOUBLE_MAP = new TypeToken<Map<String, Double>>() { }.getType();
    private static final Type CHALLENGER_MAP = new TypeToken<Map<String, Map<String, Double>>>() { }.getType();
    static final String SOURCE = "learning.weights";

    /** The adjusters a cycle can use: the live one and every installed one, by implementation name. */
    public interface Adjusters {
        /** @return the live adjuster's name and service, or null when none is installed */
        Map.Entry<String, WeightAdjuster> live();

        /** @return every installed adjuster by implementation name */
        Map<String, WeightAdjuster> all();
    }

    private final LearningDatabase db;
    private final EventLog events;
    private final Adjusters adjusters;
    private final Clock clock;
    private final WindowReader windows;
    private volatile WeightsConfig config;
    private volatile Overlay overlay;
    private volatile String lastOverlayProblem;

    /**
     * @param db the database (tables created if missing)
     * @param events the event log for audit events
     * @param adjusters the adjusters, or null when {@link #adjusters()} is overridden
     * @param config the settings
     * @param overlayFile the overlay file, normally {@code <home>/data/learned_weights.yaml}
     * @param clock the clock for operator actions
     */
    public DefaultWeightService(LearningDatabase db, EventLog events, Adjusters adjusters, WeightsConfig config,
            java.nio.file.Path overlayFile, Clock clock) {
        this.db = db;
        this.events = events;
        this.adjusters = adjusters;
        this.clock = clock;
        this.windows = new WindowReader(db);
        db.migrate(WeightTables.MODULE, WeightTables.migrations());
        configure(config, overlayFile);
    }

    /** Takes new settings; the overlay file is re-checked against the new bounds at the next read. */
    final void configure(WeightsConfig newConfig, java.nio.file.Path overlayFile) {
        this.config = newConfig;
        this.overlay = new Overlay(overlayFile, newConfig.bounds());
        db.inTransaction(c -> {
            State s = state(c);
            if (s == null) {
                insertState(c, newConfig.preset());
            } else if (!s.configPreset.equals(newConfig.preset().wireName())) {
                // The configuration chose another preset: it wins over an earlier REST choice.
                updateState(c, "preset = ?, config_preset = ?", newConfig.preset().wireName(),
                        newConfig.preset().wireName());
            }
            return null;
        });
    }

    WeightsConfig config() {
        return config;
    }

    /** @return the adjusters; a subclass that tracks them in the service registry overrides this */
    Adjusters adjusters() {
        return adjusters;
    }

    // ---- live weights --------------------------------------------------------------------

    @Override
    public LiveWeights live() {
        return db.inTransaction(c -> live(c, "operator"));
    }

    private LiveWeights live(Connection c, String actor) throws SQLException {
        State s = state(c);
        WeightPreset preset = WeightsConfig.preset(s.preset);
        Overlay.Reading r = overlay.read();
        Map<Domain, Double> weights;
        WeightSource source;
        if (!r.present()) {
            if (s.overlay != null) {
                // The overlay was deleted: back to the preset at once, and the history says so.
                record(c, newAdjustmentId(), "operator", s.overlay, preset.weights(), "overlay_deleted",
                        AdjustmentStatus.REVERTED, actor, null, clock.instant(), 0, 0, Map.of(), null);
                updateState(c, "overlay = NULL");
            }
            weights = preset.weights();
            source = WeightSource.PRESET;
        } else if (r.valid()) {
            if (s.overlay == null || !same(s.overlay, r.weights())) {
                Map<Domain, Double> before = s.overlay != null ? s.overlay : preset.weights();
                record(c, newAdjustmentId(), "operator", before, r.weights(), "operator_overlay",
                        AdjustmentStatus.APPLIED, actor, null, clock.instant(), 0, 0, Map.of(), null);
                updateState(c, "overlay = ?", json(r.weights()));
                LOG.info("overlay {} accepted as the live weights: {}", overlay.file(), r.weights());
            }
            lastOverlayProblem = null;
            weights = r.weights();
            source = WeightSource.LEARNED;
        } else {
            if (!r.problem().equals(lastOverlayProblem)) {
                LOG.warn("overlay {} refused, the live weights stay as they were: {}", overlay.file(), r.problem());
                lastOverlayProblem = r.problem();
            }
            weights = s.overlay != null ? s.overlay : preset.weights();
            source = s.overlay != null ? WeightSource.LEARNED : WeightSource.PRESET;
        }
        return new LiveWeights(ordered(weights), preset, preset.weights(), source, pending(c));
    }

    // ---- the cycle -----------------------------------------------------------------------

    @Override
    public WeightCycleResult runCycle(Instant asOf) {
        WeightsConfig cfg = config;
        Map.Entry<String, WeightAdjuster> liveAdjuster = adjusters().live();
        String adjusterName = liveAdjuster == null ? null : liveAdjuster.getKey();
        Instant windowStart = asOf.minus(Duration.ofDays(cfg.windowDays()));
        List<WindowPosition> positions = windows.read(windowStart, asOf);
        Optional<Instant> firstClosed = windows.firstClosedBy(asOf);
        return db.inTransaction(c -> {
            LiveWeights live = live(c, "operator");
            Map<Domain, Double> previous = live.weights();
            int n = positions.size();
            Double meanPnl = n == 0 ? null : positions.stream().mapToDouble(WindowPosition::realizedPnl).average().orElse(0);
            String blocked = null;
            double maxDelta = 0;
            if (firstClosed.isEmpty()) {
                blocked = "cold_start_no_history";
            } else {
                long ageDays = Duration.between(firstClosed.get(), asOf).toDays();
                if (ageDays < cfg.coldStartDays()) {
                    blocked = "cold_start_baseline";
                } else {
                    maxDelta = ageDays < cfg.fullStrengthDays() ? cfg.warmMaxDelta() : cfg.maxDelta();
                }
            }
            if (blocked == null && n < cfg.minObservations()) {
                blocked = "insufficient_data";
            }
            if (blocked == null && liveAdjuster == null) {
                blocked = "no_adjuster";
            }
            String id = newAdjustmentId();
            if (blocked != null) {
                return record(c, id, cfg.cycleType(), previous, previous, blocked, AdjustmentStatus.OBSERVED, null,
                        adjusterName, asOf, n, maxDelta, Map.of(), meanPnl);
            }
            WeightWindow window = new WeightWindow(asOf, windowStart, previous, live.presetWeights(), maxDelta,
                    List.copyOf(positions));
            Map<Domain, Double> proposed = bounded(liveAdjuster.getValue().propose(window), previous, maxDelta, cfg);
            Map<String, Map<Domain, Double>> challengers = challengers(window, adjusterName, previous, maxDelta, cfg);

            if (overfitting(c, id, asOf, meanPnl, cfg)) {
                Map<Domain, Double> preset = cfg.bounds().apply(live.presetWeights());
                WeightCycleResult result = record(c, id, cfg.cycleType(), previous, preset, "reverted",
                        AdjustmentStatus.REVERTED, null, adjusterName, asOf, n, maxDelta, challengers, meanPnl);
                writeOverlay(c, preset);
                return result;
            }
            if (same(previous, proposed)) {
                return record(c, id, cfg.cycleType(), previous, previous, "adjusted", AdjustmentStatus.OBSERVED, null,
                        adjusterName, asOf, n, maxDelta, challengers, meanPnl);
            }
            AdjustmentStatus status = cfg.approvalRequired() ? AdjustmentStatus.PENDING : AdjustmentStatus.APPLIED;
            WeightCycleResult result = record(c, id, cfg.cycleType(), previous, proposed, "adjusted", status, null,
                    adjusterName, asOf, n, maxDelta, challengers, meanPnl);
            if (status == AdjustmentStatus.APPLIED) {
                writeOverlay(c, proposed);
            }
            return result;
        });
    }

    /** Clamps each domain's change to the max delta, then puts the weights inside the bounds. */
    static Map<Domain, Double> bounded(WeightProposal proposal, Map<Domain, Double> previous, double maxDelta,
            WeightsConfig cfg) {
        Map<Domain, Double> clamped = new EnumMap<>(Domain.class);
        for (Domain d : Domain.values()) {
            double before = previous.get(d);
            Double wanted = proposal == null || proposal.weights() == null ? null : proposal.weights().get(d);
            double delta = wanted == null || !Double.isFinite(wanted) ? 0 : wanted - before;
            clamped.put(d, before + Math.max(-maxDelta, Math.min(maxDelta, delta)));
        }
        return cfg.bounds().apply(clamped);
    }

    private Map<String, Map<Domain, Double>> challengers(WeightWindow window, String liveName,
            Map<Domain, Double> previous, double maxDelta, WeightsConfig cfg) {
        Map<String, Map<Domain, Double>> out = new LinkedHashMap<>();
        for (Map.Entry<String, WeightAdjuster> a : adjusters().all().entrySet()) {
            if (a.getKey().equals(liveName)) {
                continue;
            }
            try {
                out.put(a.getKey(), bounded(a.getValue().propose(window), previous, maxDelta, cfg));
            } catch (RuntimeException e) {
                LOG.warn("challenger adjuster {} failed; it is left out of this cycle's comparison", a.getKey(), e);
            }
        }
        return out;
    }

    /**
     * Records the window's mean PnL and answers whether the last {@code threshold} changes were all
     * strict falls within the current run. A revert starts a new run, so the next cycle adjusts
     * again instead of reverting again (the reference kept reverting while the decline continued).
     */
    private boolean overfitting(Connection c, String id, Instant asOf, Double meanPnl, WeightsConfig cfg)
            throws SQLException {
        State s = state(c);
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO weight_performance (adjustment_id, as_of, mean_pnl, run_id) VALUES (?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setObject(2, utc(asOf));
            p.setDouble(3, meanPnl == null ? 0 : meanPnl);
            p.setInt(4, s.runId);
            p.executeUpdate();
        }
        List<Double> recent = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT mean_pnl FROM weight_performance WHERE run_id = ?"
                + " ORDER BY seq DESC LIMIT " + (cfg.reversionThreshold() + 1))) {
            p.setInt(1, s.runId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    recent.add(r.getDouble(1));
                }
            }
        }
        if (recent.size() <= cfg.reversionThreshold()) {
            return false;
        }
        for (int i = 0; i < cfg.reversionThreshold(); i++) {
            if (!(recent.get(i) < recent.get(i + 1))) {
                return false;
            }
        }
        updateState(c, "run_id = ?", s.runId + 1);
        return true;
    }

    // ---- operator review -----------------------------------------------------------------

    @Override
    public LiveWeights approve(String adjustmentId, String operator) {
        return db.inTransaction(c -> {
            PendingCycle p = pendingCycle(c, adjustmentId);
            setStatus(c, adjustmentId, AdjustmentStatus.APPLIED, operator);
            writeOverlay(c, p.proposed);
            audit(c, adjustmentId, "approved", operator, p.previous, p.proposed);
            return live(c, operator);
        });
    }

    @Override
    public LiveWeights reject(String adjustmentId, String operator) {
        return db.inTransaction(c -> {
            PendingCycle p = pendingCycle(c, adjustmentId);
            setStatus(c, adjustmentId, AdjustmentStatus.REJECTED, operator);
            audit(c, adjustmentId, "rejected", operator, p.previous, p.proposed);
            return live(c, operator);
        });
    }

    @Override
    public LiveWeights revertToPreset(String operator) {
        return db.inTransaction(c -> {
            LiveWeights before = live(c, operator);
            try {
                overlay.delete();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the overlay " + overlay.file(), e);
            }
            updateState(c, "overlay = NULL");
            record(c, newAdjustmentId(), "operator", before.weights(), before.presetWeights(), "operator_revert",
                    AdjustmentStatus.REVERTED, operator, null, clock.instant(), 0, 0, Map.of(), null);
            return live(c, operator);
        });
    }

    @Override
    public LiveWeights selectPreset(WeightPreset preset, String operator) {
        return db.inTransaction(c -> {
            LiveWeights before = live(c, operator);
            updateState(c, "preset = ?", preset.wireName());
            LiveWeights after = live(c, operator);
            record(c, newAdjustmentId(), "operator", before.weights(), after.weights(), "preset_" + preset.wireName(),
                    AdjustmentStatus.APPLIED, operator, null, clock.instant(), 0, 0, Map.of(), null);
            return after;
        });
    }

    @Override
    public List<WeightChange> history(Instant since, int limit) {
        int capped = Math.max(1, Math.min(10_000, limit));
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM learning_weights"
                    + (since == null ? "" : " WHERE ts >= ?") + " ORDER BY ts DESC, id DESC LIMIT " + capped)) {
                if (since != null) {
                    p.setObject(1, utc(since));
                }
                List<WeightChange> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new WeightChange(r.getString("adjustment_id"), r.getString("cycle_type"),
                                Domain.fromWireName(r.getString("domain")).orElseThrow(), r.getDouble("old_weight"),
                                r.getDouble("new_weight"), r.getDouble("delta"), r.getString("reason"),
                                AdjustmentStatus.valueOf(r.getString("status").toUpperCase(java.util.Locale.ROOT)),
                                r.getString("approved_by"), r.getString("adjuster"),
                                r.getObject("ts", LocalDateTime.class).toInstant(ZoneOffset.UTC)));
                    }
                }
                return out;
            }
        });
    }

    // ---- persistence ---------------------------------------------------------------------

    private WeightCycleResult record(Connection c, String id, String cycleType, Map<Domain, Double> previous,
            Map<Domain, Double> next, String reason, AdjustmentStatus status, String actor, String adjuster,
            Instant ts, int observations, double maxDelta, Map<String, Map<Domain, Double>> challengers,
            Double meanPnl) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO learning_weights (adjustment_id, cycle_type, domain,"
                + " old_weight, new_weight, delta, reason, status, approved_by, adjuster, ts)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Domain d : Domain.values()) {
                p.setString(1, id);
                p.setString(2, cycleType);
                p.setString(3, d.wireName());
                p.setDouble(4, previous.get(d));
                p.setDouble(5, next.get(d));
                p.setDouble(6, next.get(d) - previous.get(d));
                p.setString(7, reason);
                p.setString(8, status.wireName());
                p.setString(9, actor);
                p.setString(10, adjuster);
                p.setObject(11, utc(ts));
                p.addBatch();
            }
            p.executeBatch();
        }
        Map<String, Map<String, Double>> challengerJson = new LinkedHashMap<>();
        challengers.forEach((k, v) -> challengerJson.put(k, wire(v)));
        try (PreparedStatement p = c.prepareStatement("INSERT INTO weight_cycles (adjustment_id, as_of, cycle_type,"
                + " reason, status, observations, max_delta, previous, proposed, adjuster, challengers, window_mean_pnl,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setObject(2, utc(ts));
            p.setString(3, cycleType);
            p.setString(4, reason);
            p.setString(5, status.wireName());
            p.setInt(6, observations);
            p.setDouble(7, maxDelta);
            p.setString(8, json(previous));
            p.setString(9, json(next));
            p.setString(10, adjuster);
            p.setString(11, GSON.toJson(challengerJson));
            p.setObject(12, meanPnl);
            p.setObject(13, utc(clock.instant()));
            p.executeUpdate();
        }
        JsonObject payload = new JsonObject();
        payload.addProperty("adjustment_id", id);
        payload.addProperty("cycle_type", cycleType);
        payload.addProperty("as_of", ts.toString());
        payload.addProperty("reason", reason);
        payload.addProperty("status", status.wireName());
        payload.addProperty("observations", observations);
        payload.addProperty("max_delta", maxDelta);
        payload.add("previous", GSON.toJsonTree(wire(previous)));
        payload.add("new", GSON.toJsonTree(wire(next)));
        Map<Domain, Double> deltas = new EnumMap<>(Domain.class);
        for (Domain d : Domain.values()) {
            deltas.put(d, next.get(d) - previous.get(d));
        }
        payload.add("deltas", GSON.toJsonTree(wire(deltas)));
        payload.addProperty("adjuster", adjuster);
        payload.add("challengers", GSON.toJsonTree(challengerJson));
        payload.addProperty("window_mean_pnl", meanPnl);
        payload.addProperty("actor", actor);
        events.append(new NewEvent(EventTypes.WEIGHT_ADJUSTMENT, ts, SOURCE, "learning:weights:" + id,
                GSON.toJson(payload)));
        return new WeightCycleResult(id, ts, reason, status, observations, maxDelta, ordered(previous), ordered(next),
                adjuster, challengers, meanPnl);
    }

    private void audit(Connection c, String id, String action, String operator, Map<Domain, Double> previous,
            Map<Domain, Double> proposed) {
        JsonObject payload = new JsonObject();
        payload.addProperty("adjustment_id", id);
        payload.addProperty("action", action);
        payload.addProperty("actor", operator);
        payload.add("previous", GSON.toJsonTree(wire(previous)));
        payload.add("new", GSON.toJsonTree(wire(proposed)));
        events.append(new NewEvent(EventTypes.WEIGHT_ADJUSTMENT, clock.instant(), SOURCE,
                "learning:weights:" + id + ":" + action, GSON.toJson(payload)));
    }

    private record PendingCycle(Map<Domain, Double> previous, Map<Domain, Double> proposed) {
    }

    private static PendingCycle pendingCycle(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT status, previous, proposed FROM weight_cycles WHERE adjustment_id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new NotFoundException("id", "no weight adjustment with id '" + id + "'");
                }
                if (!AdjustmentStatus.PENDING.wireName().equals(r.getString(1))) {
                    throw new ConflictException("id", "adjustment '" + id + "' is " + r.getString(1) + ", not pending");
                }
                return new PendingCycle(domains(r.getString(2)), domains(r.getString(3)));
            }
        }
    }

    private static void setStatus(Connection c, String id, AdjustmentStatus status, String operator)
            throws SQLException {
        for (String table : new String[] {"weight_cycles", "learning_weights"}) {
            try (PreparedStatement p = c.prepareStatement("UPDATE " + table + " SET status = ?"
                    + (table.equals("learning_weights") ? ", approved_by = ?" : "") + " WHERE adjustment_id = ?")) {
                p.setString(1, status.wireName());
                if (table.equals("learning_weights")) {
                    p.setString(2, operator);
                    p.setString(3, id);
                } else {
                    p.setString(2, id);
                }
                p.executeUpdate();
            }
        }
    }

    private List<WeightCycleResult> pending(Connection c) throws SQLException {
        List<WeightCycleResult> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT * FROM weight_cycles WHERE status = 'pending' ORDER BY as_of, created_at")) {
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Map<String, Map<String, Double>> ch = GSON.fromJson(r.getString("challengers"), CHALLENGER_MAP);
                    Map<String, Map<Domain, Double>> challengers = new LinkedHashMap<>();
                    ch.forEach((k, v) -> challengers.put(k, domains(GSON.toJson(v))));
                    double mean = r.getDouble("window_mean_pnl");
                    Double meanPnl = r.wasNull() ? null : mean;
                    out.add(new WeightCycleResult(r.getString("adjustment_id"),
                            r.getObject("as_of", LocalDateTime.class).toInstant(ZoneOffset.UTC), r.getString("reason"),
                            AdjustmentStatus.PENDING, r.getInt("observations"), r.getDouble("max_delta"),
                            domains(r.getString("previous")), domains(r.getString("proposed")), r.getString("adjuster"),
                            challengers, meanPnl));
                }
            }
        }
        return out;
    }

    private void writeOverlay(Connection c, Map<Domain, Double> weights) throws SQLException {
        try {
            overlay.write(weights);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the overlay " + overlay.file(), e);
        }
        updateState(c, "overlay = ?", json(weights));
    }

    /** The single state row. */
    private record State(String preset, String configPreset, Map<Domain, Double> overlay, int runId) {
    }

    private static State state(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT preset, config_preset, overlay, run_id FROM weight_state WHERE id = 1");
                ResultSet r = p.executeQuery()) {
            if (!r.next()) {
                return null;
            }
            String overlay = r.getString(3);
            return new State(r.getString(1), r.getString(2), overlay == null ? null : domains(overlay), r.getInt(4));
        }
    }

    private void insertState(Connection c, WeightPreset preset) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO weight_state (id, preset, config_preset, overlay,"
                + " run_id, updated_at) VALUES (1, ?, ?, NULL, 0, ?)")) {
            p.setString(1, preset.wireName());
            p.setString(2, preset.wireName());
            p.setObject(3, utc(clock.instant()));
            p.executeUpdate();
        }
    }

    private void updateState(Connection c, String assignments, Object... values) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE weight_state SET " + assignments + ", updated_at = ? WHERE id = 1")) {
            for (int i = 0; i < values.length; i++) {
                p.setObject(i + 1, values[i]);
            }
            p.setObject(values.length + 1, utc(clock.instant()));
            p.executeUpdate();
        }
    }

    // ---- small helpers -------------------------------------------------------------------

    private static String newAdjustmentId() {
        return "adj-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean same(Map<Domain, Double> a, Map<Domain, Double> b) {
        for (Domain d : Domain.values()) {
            if (Math.abs(a.get(d) - b.get(d)) > 1e-12) {
                return false;
            }
        }
        return true;
    }

    static Map<Domain, Double> ordered(Map<Domain, Double> w) {
        return java.util.Collections.unmodifiableMap(new EnumMap<>(w));
    }

    static Map<String, Double> wire(Map<Domain, Double> w) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Domain d : Domain.values()) {
            out.put(d.wireName(), w.get(d));
        }
        return out;
    }

    private static String json(Map<Domain, Double> w) {
        return GSON.toJson(wire(w));
    }

    private static Map<Domain, Double> domains(String json) {
        Map<String, Double> m = GSON.fromJson(json, DOUBLE_MAP);
        Map<Domain, Double> out = new EnumMap<>(Domain.class);
        m.forEach((k, v) -> Domain.fromWireName(k).ifPresent(d -> out.put(d, v)));
        return out;
    }

    private static LocalDateTime utc(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
