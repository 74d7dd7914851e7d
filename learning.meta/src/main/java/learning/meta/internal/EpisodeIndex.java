package learning.meta.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.event.Event;
import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.ledger.ForecastAction;
import learning.api.store.LearningDatabase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta-producer's own index of history, kept up to date from the {@code forecast.outcome.v1}
 * events written since its last run (whichever resolver wrote them), never by rescanning history.
 *
 * <p>Each producer outcome lands in its episode: the (asset, horizon, 2-hour bucket of forecast
 * time) row of {@code meta_episodes}, where each producer's latest call counts. A changed episode
 * is taken out of the pattern counts under its old calls and put back under its new ones, for
 * every sub-pattern of up to {@link Patterns#MAX_MEMBERS} members. So the figures for a pattern, and
 * for every sub-ensemble of it, are one primary-key lookup each, whatever the length of history.
 *
 * <p>Outcomes of the meta-producers' own forecasts (producers named {@code meta...}) never enter
 * episodes: they complete the shadow and live track record in {@code meta_forecasts}.
 */
final class EpisodeIndex {
    private static final Logger LOG = LoggerFactory.getLogger(EpisodeIndex.class);
    /** Outcome events read per transaction. */
    static final int PAGE = 20_000;
    /** An ensemble's flat call counts as right within this absolute return, in percent (the resolver's default band). */
    static final double FLAT_BAND_PCT = 0.5;

    private final LearningDatabase db;
    private final EventLog events;
    /**
     * The largest pattern stored per series (asset, horizon), read once per series and raised after
     * each committed page: a caller never has to look up a larger sub-ensemble than this.
     */
    private final Map<List<String>, Integer> largest = new ConcurrentHashMap<>();
    /** The largest pattern each series gets in the page being written (only {@link #catchUp} writes). */
    private final Map<List<String>, Integer> largestInPage = new HashMap<>();

    EpisodeIndex(LearningDatabase db, EventLog events) {
        this.db = db;
        this.events = events;
        MetaTables.migrate(db);
    }

    /** A parsed producer outcome. */
    private record Outcome(String asset, String horizon, long bucket, Call call) {
    }

    private record Key(String asset, String horizon, long bucket) {
    }

    private record PatternKey(String asset, String horizon, String pattern) {
    }

    /**
     * Folds in every outcome event written since the last run.
     *
     * @return how many outcome events were read
     */
    synchronized long catchUp() {
        long total = 0;
        while (true) {
            largestInPage.clear();
            int read = db.inTransaction(this::catchUpPage);
            // Committed: raise the cached sizes (a series not cached yet reads the table when asked).
            largestInPage.forEach((series, size) -> largest.computeIfPresent(series, (k, was) -> Math.max(was, size)));
            total += read;
            if (read < PAGE) {
                break;
            }
        }
        if (total > 0) {
            LOG.debug("meta index: {} new outcome events", total);
        }
        return total;
    }

    private int catchUpPage(Connection c) throws SQLException {
        long watermark;
        long producerOutcomes;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT event_seq, producer_outcomes FROM meta_index_state WHERE id = 1");
                ResultSet r = p.executeQuery()) {
            r.next();
            watermark = r.getLong(1);
            producerOutcomes = r.getLong(2);
        }
        List<Outcome> outcomes = new ArrayList<>();
        int read = 0;
        long last = watermark;
        try (PreparedStatement p = c.prepareStatement("SELECT seq, ts, payload FROM events WHERE type = ? AND seq > ?"
                + " ORDER BY seq LIMIT " + PAGE)) {
            p.setString(1, EventTypes.FORECAST_OUTCOME);
            p.setLong(2, watermark);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    read++;
                    last = r.getLong(1);
                    long resolved = Times.micros(r.getObject(2, LocalDateTime.class));
                    JsonObject o;
                    try {
                        o = JsonParser.parseString(r.getString(3)).getAsJsonObject();
                    } catch (RuntimeException e) {
                        continue;
                    }
                    String producer = text(o, "producer_id");
                    if (producer == null || producer.isBlank()) {
                        continue;
                    }
                    if (MetaEngine.isMetaProducer(producer)) {
                        recordOwnOutcome(c, o, resolved);
                        continue;
                    }
                    producerOutcomes++;
                    parse(o, last, resolved).ifPresent(outcomes::add);
                }
            }
        }
        if (read == 0) {
            return 0;
        }
        apply(c, outcomes);
        try (PreparedStatement p = c.prepareStatement("UPDATE meta_index_state SET event_seq = ?,"
                + " producer_outcomes = ?, updated_at = CURRENT_TIMESTAMP WHERE id = 1")) {
            p.setLong(1, last);
            p.setLong(2, producerOutcomes);
            p.executeUpdate();
        }
        return read;
    }

    /** Reads an outcome's episode fields; empty when it cannot join an episode (it still counts for activation). */
    private Optional<Outcome> parse(JsonObject o, long seq, long resolved) {
        try {
            String asset = text(o, "asset");
            String horizon = text(o, "horizon");
            String action = text(o, "forecast_action");
            if (asset == null || horizon == null || action == null) {
                return Optional.empty();
            }
            ForecastAction a;
            try {
                a = ForecastAction.valueOf(action.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (a == ForecastAction.NO_FORECAST) {
                return Optional.empty();
            }
            Long forecastMicros = forecastTime(o);
            if (forecastMicros == null) {
                return Optional.empty();
            }
            JsonElement correct = o.get("direction_correct");
            JsonElement ret = o.get("return_actual_pct");
            if (correct == null || correct.isJsonNull() || ret == null || ret.isJsonNull()) {
                return Optional.empty();
            }
            double r = ret.getAsDouble();
            int sign = r > 0 ? 1 : r < 0 ? -1 : 0;
            Call call = new Call(text(o, "producer_id").trim(), a, correct.getAsBoolean(), forecastMicros, seq, sign,
                    resolved);
            return Optional.of(new Outcome(asset.trim().toUpperCase(Locale.ROOT), horizon.trim().toLowerCase(Locale.ROOT),
                    Times.bucket(forecastMicros), call));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /**
     * The forecast's time: the payload's {@code forecast_ts} when the resolver wrote one, else the
     * time of the {@code forecast.v1} event it names (as the reference does); null when neither exists.
     */
    private Long forecastTime(JsonObject o) {
        String ts = text(o, "forecast_ts");
        if (ts != null) {
            try {
                return Times.micros(Instant.parse(ts));
            } catch (RuntimeException e) {
                // fall through to the forecast event
            }
        }
        String id = text(o, "forecast_event_id");
        if (id == null) {
            return null;
        }
        Optional<Event> forecast = events.byId(id);
        return forecast.map(e -> Times.micros(e.ts())).orElse(null);
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private void apply(Connection c, List<Outcome> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        Map<Key, List<Outcome>> byEpisode = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            byEpisode.computeIfAbsent(new Key(o.asset, o.horizon, o.bucket), k -> new ArrayList<>()).add(o);
        }
        Map<PatternKey, PatternCounts> deltas = new HashMap<>();
        // The episode is read anyway (its old calls leave the pattern counts), so whether to update
        // or insert it is known.
        try (PreparedStatement read = c.prepareStatement(
                "SELECT calls FROM meta_episodes WHERE asset = ? AND horizon = ? AND bucket = ?");
                PreparedStatement update = c.prepareStatement("UPDATE meta_episodes SET calls = ?, known_at = ?"
                        + " WHERE asset = ? AND horizon = ? AND bucket = ?");
                PreparedStatement insert = c.prepareStatement("INSERT INTO meta_episodes (asset, horizon, bucket,"
                        + " calls, known_at) VALUES (?, ?, ?, ?, ?)")) {
            int updates = 0;
            int inserts = 0;
            for (Map.Entry<Key, List<Outcome>> e : byEpisode.entrySet()) {
                Key k = e.getKey();
                read.setString(1, k.asset);
                read.setString(2, k.horizon);
                read.setLong(3, k.bucket);
                List<Call> old = null;
                try (ResultSet r = read.executeQuery()) {
                    if (r.next()) {
                        old = Call.decode(r.getString(1));
                    }
                }
                Map<String, Call> merged = new HashMap<>();
                if (old != null) {
                    for (Call call : old) {
                        merged.put(call.producer(), call);
                    }
                }
                for (Outcome o : e.getValue()) {
                    merged.merge(o.call.producer(), o.call, (was, now) -> Call.isLater(now, was) ? now : was);
                }
                List<Call> now = new ArrayList<>(merged.values());
                now.sort(Call.BY_PRODUCER);
                if (old != null) {
                    contribute(deltas, k, old, -1);
                }
                contribute(deltas, k, now, 1);
                String calls = Call.encode(now);
                LocalDateTime known = Times.timestamp(Call.knownAt(now));
                if (old != null) {
                    update.setString(1, calls);
                    update.setObject(2, known);
                    update.setString(3, k.asset);
                    update.setString(4, k.horizon);
                    update.setLong(5, k.bucket);
                    update.addBatch();
                    updates++;
                } else {
                    insert.setString(1, k.asset);
                    insert.setString(2, k.horizon);
                    insert.setLong(3, k.bucket);
                    insert.setString(4, calls);
                    insert.setObject(5, known);
                    insert.addBatch();
                    inserts++;
                }
            }
            if (updates > 0) {
                update.executeBatch();
            }
            if (inserts > 0) {
                insert.executeBatch();
            }
        }
        writeSeries(c, byEpisode);
        writeDeltas(c, deltas);
    }

    /** Moves each touched series' {@code known_at} forward to its newest outcome's resolution. */
    private static void writeSeries(Connection c, Map<Key, List<Outcome>> byEpisode) throws SQLException {
        Map<List<String>, Long> latest = new HashMap<>();
        for (Map.Entry<Key, List<Outcome>> e : byEpisode.entrySet()) {
            for (Outcome o : e.getValue()) {
                latest.merge(List.of(o.asset, o.horizon), o.call.resolvedMicros(), Math::max);
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE meta_series SET known_at = GREATEST(known_at, ?)"
                + " WHERE asset = ? AND horizon = ?");
                PreparedStatement insert = c.prepareStatement("INSERT INTO meta_series (asset, horizon, known_at)"
                        + " VALUES (?, ?, ?)")) {
            for (Map.Entry<List<String>, Long> e : latest.entrySet()) {
                LocalDateTime at = Times.timestamp(e.getValue());
                update.setObject(1, at);
                update.setString(2, e.getKey().get(0));
                update.setString(3, e.getKey().get(1));
                if (update.executeUpdate() == 0) {
                    insert.setString(1, e.getKey().get(0));
                    insert.setString(2, e.getKey().get(1));
                    insert.setObject(3, at);
                    insert.executeUpdate();
                }
            }
        }
    }

    /** Adds ({@code sign} 1) or removes (-1) an episode under every pattern it is counted under. */
    private static void contribute(Map<PatternKey, PatternCounts> deltas, Key k, List<Call> sorted, int sign) {
        if (sorted.isEmpty()) {
            return;
        }
        int actual = Call.actualSign(sorted);
        Patterns.forEachSubset(sorted.size(), Patterns.sizeLimit(sorted.size()), idx -> {
            PatternKey pk = new PatternKey(k.asset, k.horizon, Patterns.name(sorted, idx));
            deltas.computeIfAbsent(pk, x -> new PatternCounts(idx.length)).add(sign, Patterns.won(sorted, idx), actual);
        });
    }

    private void writeDeltas(Connection c, Map<PatternKey, PatternCounts> deltas) throws SQLException {
        List<Map.Entry<PatternKey, PatternCounts>> changed = new ArrayList<>();
        for (Map.Entry<PatternKey, PatternCounts> e : deltas.entrySet()) {
            if (!e.getValue().isZero()) {
                changed.add(e);
                PatternKey k = e.getKey();
                largestInPage.merge(List.of(k.asset, k.horizon), e.getValue().members, Math::max);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        int[] updated;
        try (PreparedStatement p = c.prepareStatement("UPDATE meta_patterns SET episodes = episodes + ?,"
                + " wins = wins + ?, win_long = win_long + ?, win_short = win_short + ?, win_flat = win_flat + ?"
                + " WHERE asset = ? AND horizon = ? AND pattern = ?")) {
            for (Map.Entry<PatternKey, PatternCounts> e : changed) {
                PatternCounts d = e.getValue();
                PatternKey k = e.getKey();
                p.setLong(1, d.episodes);
                p.setLong(2, d.wins);
                p.setLong(3, d.winLong);
                p.setLong(4, d.winShort);
                p.setLong(5, d.winFlat);
                p.setString(6, k.asset);
                p.setString(7, k.horizon);
                p.setString(8, k.pattern);
                p.addBatch();
            }
            updated = p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO meta_patterns (asset, horizon, pattern, members,"
                + " episodes, wins, win_long, win_short, win_flat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (int i = 0; i < changed.size(); i++) {
                if (updated[i] != 0) {
                    continue;
                }
                PatternKey k = changed.get(i).getKey();
                PatternCounts d = changed.get(i).getValue();
                p.setString(1, k.asset);
                p.setString(2, k.horizon);
                p.setString(3, k.pattern);
                p.setInt(4, d.members);
                p.setLong(5, d.episodes);
                p.setLong(6, d.wins);
                p.setLong(7, d.winLong);
                p.setLong(8, d.winShort);
                p.setLong(9, d.winFlat);
                p.addBatch();
                n++;
            }
            if (n > 0) {
                p.executeBatch();
            }
        }
    }

    /** Completes the track record of one of this producer's own forecasts. */
    private static void recordOwnOutcome(Connection c, JsonObject o, long resolved) throws SQLException {
        String eventId = text(o, "forecast_event_id");
        if (eventId == null) {
            return;
        }
        String forecastId = null;
        String ensembleAction = null;
        double ensembleConfidence = 0;
        try (PreparedStatement p = c.prepareStatement("SELECT forecast_id, ensemble_action, ensemble_confidence"
                + " FROM meta_forecasts WHERE forecast_event_id = ?")) {
            p.setString(1, eventId);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    forecastId = r.getString(1);
                    ensembleAction = r.getString(2);
                    ensembleConfidence = r.getDouble(3);
                }
            }
        }
        if (forecastId == null) {
            return; // another meta-producer's forecast
        }
        JsonElement correct = o.get("direction_correct");
        JsonElement brier = o.get("brier_score");
        JsonElement ret = o.get("return_actual_pct");
        if (correct == null || correct.isJsonNull() || brier == null || brier.isJsonNull() || ret == null
                || ret.isJsonNull()) {
            return;
        }
        double r = ret.getAsDouble();
        boolean ensembleRight = switch (ensembleAction) {
            case "long" -> r > 0;
            case "short" -> r < 0;
            default -> Math.abs(r) <= FLAT_BAND_PCT;
        };
        double ensembleBrier = Math.pow(ensembleConfidence - (ensembleRight ? 1 : 0), 2);
        try (PreparedStatement p = c.prepareStatement("UPDATE meta_forecasts SET resolved = TRUE, correct = ?,"
                + " brier = ?, ensemble_correct = ?, ensemble_brier = ?, return_actual_pct = ?, resolved_at = ?"
                + " WHERE forecast_id = ?")) {
            p.setBoolean(1, correct.getAsBoolean());
            p.setDouble(2, brier.getAsDouble());
            p.setBoolean(3, ensembleRight);
            p.setDouble(4, ensembleBrier);
            p.setDouble(5, r);
            p.setObject(6, Times.timestamp(resolved));
            p.setString(7, forecastId);
            p.executeUpdate();
        }
    }

    /** @return resolved producer outcomes seen so far (the activation gate's count) */
    long producerOutcomes() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT producer_outcomes FROM meta_index_state WHERE id = 1");
                    ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    /**
     * The counts of the given patterns over the episodes known at {@code asOf}: the stored counts,
     * less the episodes that only became known after it. In live operation the index is never ahead
     * of the call, which one row of {@code meta_series} tells; a replay of an earlier instant reads
     * the series' episodes.
     *
     * @param asset the asset
     * @param horizon the horizon label
     * @param patterns the patterns, by name, with their members as calls sorted by producer
     * @param asOf the call's instant
     * @return counts by pattern name; a pattern without episodes is absent
     */
    Map<String, PatternCounts> counts(String asset, String horizon, Map<String, List<Call>> patterns, Instant asOf) {
        return db.read(c -> {
            Map<String, PatternCounts> out = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT members, episodes, wins, win_long, win_short, win_flat"
                    + " FROM meta_patterns WHERE asset = ? AND horizon = ? AND pattern = ?")) {
                p.setString(1, asset);
                p.setString(2, horizon);
                for (String name : patterns.keySet()) {
                    p.setString(3, name);
                    try (ResultSet r = p.executeQuery()) {
                        if (r.next()) {
                            out.put(name, new PatternCounts(r.getInt(1), r.getLong(2), r.getLong(3), r.getLong(4),
                                    r.getLong(5), r.getLong(6)));
                        }
                    }
                }
            }
            if (out.isEmpty() || !knownAfter(c, asset, horizon, asOf)) {
                return out;
            }
            // A replay: HSQLDB reads this through the primary key, every episode of the series.
            try (PreparedStatement p = c.prepareStatement("SELECT calls FROM meta_episodes WHERE asset = ?"
                    + " AND horizon = ? AND known_at > ?")) {
                p.setString(1, asset);
                p.setString(2, horizon);
                p.setObject(3, Times.timestamp(asOf));
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        List<Call> episode = Call.decode(r.getString(1));
                        subtract(out, patterns, episode);
                    }
                }
            }
            out.values().removeIf(pc -> pc.episodes <= 0);
            return out;
        });
    }

    /**
     * @return the most members of any pattern stored for the series (0 when it has none): a
     *         sub-ensemble larger than this has no counts, so a caller need not look it up. With
     *         many producers the index keeps only small sub-ensembles ({@link Patterns#sizeLimit}).
     */
    int largestPattern(String asset, String horizon) {
        return largest.computeIfAbsent(List.of(asset, horizon), series -> db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT MAX(members) FROM meta_patterns WHERE asset = ? AND horizon = ?")) {
                p.setString(1, asset);
                p.setString(2, horizon);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getInt(1) : 0;
                }
            }
        }));
    }

    /** @return whether some episode of the series became known after {@code asOf} */
    private static boolean knownAfter(Connection c, String asset, String horizon, Instant asOf) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT known_at FROM meta_series WHERE asset = ? AND horizon = ?")) {
            p.setString(1, asset);
            p.setString(2, horizon);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && Times.micros(r.getObject(1, LocalDateTime.class)) > Times.micros(asOf);
            }
        }
    }

    /** Takes an episode out of the counts of the patterns it was counted under. */
    private static void subtract(Map<String, PatternCounts> counts, Map<String, List<Call>> patterns, List<Call> episode) {
        int limit = Patterns.sizeLimit(episode.size());
        Map<String, Call> byProducer = new HashMap<>();
        for (Call c : episode) {
            byProducer.put(c.producer(), c);
        }
        int actual = Call.actualSign(episode);
        for (Map.Entry<String, PatternCounts> e : counts.entrySet()) {
            List<Call> members = patterns.get(e.getKey());
            if (members.size() > limit) {
                continue;
            }
            int right = 0;
            boolean matches = true;
            for (Call m : members) {
                Call call = byProducer.get(m.producer());
                if (call == null || call.action() != m.action()) {
                    matches = false;
                    break;
                }
                if (call.correct()) {
                    right++;
                }
            }
            if (matches) {
                e.getValue().add(-1, 2 * right >= members.size(), actual);
            }
        }
    }

    /** @return the episodes stored, for tests and the benchmark */
    long episodeCount() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM meta_episodes");
                    ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }
}
