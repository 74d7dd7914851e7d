package learning.meta.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import learning.api.ValidationException;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.Horizon;
import learning.api.ledger.InputLedger;
import learning.api.meta.AbstentionReason;
import learning.api.meta.MetaForecast;
import learning.api.meta.MetaMode;
import learning.api.meta.MetaTrackRecord;
import learning.api.store.LearningDatabase;
import learning.api.event.EventLog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the meta-producer does, without OSGi: the activation gate, the ensemble state, pattern
 * matching with back-off, and storing shadow and live forecasts. It reads the ledger's stored
 * forecasts (for the state) and its own episode index (for history); it never reads prices.
 */
final class MetaEngine {
    private static final Logger LOG = LoggerFactory.getLogger(MetaEngine.class);
    /** The state is each producer's latest call in this window before the call's instant. */
    static final Duration STATE_WINDOW = Duration.ofHours(2);
    /** Producer names of the meta-producers themselves: never ensemble members. */
    static final String META_PREFIX = "meta";
    static final String LIVE_NAME = "meta";
    static final String SHADOW_NAME = "meta-shadow";

    private final LearningDatabase db;
    private final InputLedger ledger;
    private final EpisodeIndex index;
    private final String version;
    private volatile MetaSettings settings = MetaSettings.defaults();

    /**
     * @param db the database
     * @param events the event log (outcome events are read from it)
     * @param ledger the input ledger (forecasts are stored through it)
     * @param version the implementation's version for the forecasts' source, such as {@code 1.0.0}
     */
    MetaEngine(LearningDatabase db, EventLog events, InputLedger ledger, String version) {
        this.db = db;
        this.ledger = ledger;
        this.version = version;
        this.index = new EpisodeIndex(db, events);
    }

    void configure(MetaSettings s) {
        this.settings = s;
    }

    MetaSettings settings() {
        return settings;
    }

    EpisodeIndex index() {
        return index;
    }

    String liveSource() {
        return LIVE_NAME + "@" + version;
    }

    String shadowSource() {
        return SHADOW_NAME + "@" + version;
    }

    /** @return whether a producer id is one of the meta-producers' own (never an ensemble member) */
    static boolean isMetaProducer(String producer) {
        return producer.trim().toLowerCase(Locale.ROOT).startsWith(META_PREFIX);
    }

    /** One producer's latest call in the state window. */
    record Member(String producer, ForecastAction action, double confidence, long tsMicros, long seq) {
    }

    /** What the history says for a state. */
    record Verdict(AbstentionReason reason, String pattern, long episodes, Double winRate, ForecastAction direction) {
    }

    /**
     * @param assetText the asset
     * @param horizonText the horizon label
     * @param asOf the call's instant
     * @param mode the mode in force
     * @return the forecast, or an abstention
     */
    MetaForecast produce(String assetText, String horizonText, Instant asOf, MetaMode mode) {
        if (assetText == null || assetText.isBlank() || assetText.length() > 64) {
            throw new ValidationException("asset", "is required: an asset name of 1 to 64 characters, such as BTC");
        }
        String asset = assetText.trim().toUpperCase(Locale.ROOT);
        if (!asset.matches("[A-Z0-9._:/-]+")) {
            throw new ValidationException("asset", "'" + assetText + "' is not an asset name: use letters, digits and . _ : / -");
        }
        Horizon horizon;
        try {
            horizon = Horizon.parse(horizonText);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("horizon", e.getMessage());
        }
        if (asOf == null) {
            throw new ValidationException("as_of", "is required");
        }
        String id = forecastId(mode, asset, horizon.label(), asOf);
        Optional<MetaForecast> stored = stored(id, mode);
        if (stored.isPresent()) {
            return stored.get();
        }
        index.catchUp();
        MetaSettings s = settings;
        long outcomes = index.producerOutcomes();
        if (outcomes < s.activationMinOutcomes()) {
            return abstain(asset, horizon.label(), asOf, AbstentionReason.INSUFFICIENT_DATA, null, 0, null);
        }
        List<Member> state = state(asset, horizon, asOf);
        if (state.isEmpty()) {
            return abstain(asset, horizon.label(), asOf, AbstentionReason.INSUFFICIENT_DATA, null, 0, null);
        }
        Verdict v = judge(asset, horizon.label(), state, asOf, s);
        if (v.reason() != null) {
            return abstain(asset, horizon.label(), asOf, v.reason(), v.pattern(), v.episodes(), v.winRate());
        }
        double confidence = Stats.round3(v.winRate());
        Member ensemble = ensembleCall(state);
        String source = mode == MetaMode.LIVE ? liveSource() : shadowSource();
        Forecast f = new Forecast(id, asset, horizon.label(), v.direction(), confidence, source, "unknown", asOf, null);
        db.inTransaction(c -> {
            // Write transactions are serialized: a concurrent call for the same instant either stored
            // it before this check or waits until this one is committed.
            if (exists(c, id)) {
                return null;
            }
            Forecast saved = ledger.recordForecasts(List.of(f)).get(0);
            insert(c, saved, mode, v, ensemble);
            return null;
        });
        LOG.info("meta-producer {} {} {} at {}: {} {} (pattern {}, {} episodes, win rate {})", mode.wireName(), asset,
                horizon.label(), asOf, v.direction().wireName(), confidence, v.pattern(), v.episodes(), v.winRate());
        return stored(id, mode).orElseThrow();
    }

    private static String forecastId(MetaMode mode, String asset, String horizon, Instant asOf) {
        return (mode == MetaMode.LIVE ? LIVE_NAME : SHADOW_NAME) + ":" + asset + ":" + horizon + ":" + asOf;
    }

    private MetaForecast abstain(String asset, String horizon, Instant asOf, AbstentionReason reason, String pattern,
            long episodes, Double winRate) {
        return new MetaForecast(UUID.randomUUID().toString(), asset, horizon, ForecastAction.NO_FORECAST, 0.0,
                liveSource(), reason, pattern, (int) Math.min(Integer.MAX_VALUE, episodes), winRate, asOf);
    }

    /**
     * Each producer's latest call for the asset and horizon in {@code (asOf - 2h, asOf]}. The
     * ledger indexes forecasts by target time only; for one horizon the target window is the state
     * window shifted by the horizon, so the read covers the last two hours' forecasts, not history.
     */
    List<Member> state(String asset, Horizon horizon, Instant asOf) {
        long to = Times.micros(asOf);
        long from = to - Times.micros(Instant.EPOCH.plus(STATE_WINDOW));
        long h = Times.micros(Instant.EPOCH.plus(horizon.duration()));
        return db.read(c -> {
            Map<String, Member> latest = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT producer_id, action, confidence, ts, event_seq"
                    + " FROM forecasts WHERE target_ts > ? AND target_ts <= ? AND asset = ? AND horizon = ?"
                    + " AND ts > ? AND ts <= ?")) {
                p.setObject(1, Times.timestamp(from + h));
                p.setObject(2, Times.timestamp(to + h));
                p.setString(3, asset);
                p.setString(4, horizon.label());
                p.setObject(5, Times.timestamp(from));
                p.setObject(6, Times.timestamp(to));
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        String producer = r.getString(1);
                        if (producer == null || producer.isBlank() || isMetaProducer(producer)) {
                            continue;
                        }
                        ForecastAction a;
                        try {
                            a = ForecastAction.valueOf(r.getString(2).toUpperCase(Locale.ROOT));
                        } catch (IllegalArgumentException e) {
                            continue;
                        }
                        if (a == ForecastAction.NO_FORECAST) {
                            continue;
                        }
                        Member m = new Member(producer.trim(), a, r.getDouble(3),
                                Times.micros(r.getObject(4, LocalDateTime.class)), r.getLong(5));
                        latest.merge(m.producer(), m, (was, now) -> now.tsMicros() > was.tsMicros()
                                || (now.tsMicros() == was.tsMicros() && now.seq() > was.seq()) ? now : was);
                    }
                }
            }
            List<Member> out = new ArrayList<>(latest.values());
            out.sort((x, y) -> x.producer().compareTo(y.producer()));
            return out;
        });
    }

    /**
     * The exact pattern when it has enough episodes; else, with back-off, the sub-ensemble with the
     * highest Wilson lower bound among those with enough episodes (ties: more members, then more
     * episodes, then the name). Then the win-rate gate and the majority direction of the won episodes.
     */
    Verdict judge(String asset, String horizon, List<Member> state, Instant asOf, MetaSettings s) {
        List<Call> calls = new ArrayList<>(state.size());
        for (Member m : state) {
            calls.add(new Call(m.producer(), m.action(), false, m.tsMicros(), m.seq(), 0, 0));
        }
        Map<String, List<Call>> candidates = new LinkedHashMap<>();
        // Sub-ensembles larger than any the index holds for the series have no counts: with 18
        // producers the index keeps pairs at most, and looking up every subset of six would cost
        // tens of thousands of reads per call.
        int limit = Math.min(Math.min(state.size(), Patterns.MAX_MEMBERS), index.largestPattern(asset, horizon));
        String exact = null;
        if (state.size() <= Patterns.MAX_MEMBERS) {
            int[] all = new int[state.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            exact = Patterns.name(calls, all);
            candidates.put(exact, calls);
        }
        if (s.backoff() || exact == null) {
            Patterns.forEachSubset(calls.size(), limit, idx -> {
                List<Call> members = new ArrayList<>(idx.length);
                for (int i : idx) {
                    members.add(calls.get(i));
                }
                candidates.putIfAbsent(Patterns.name(calls, idx), members);
            });
        }
        Map<String, PatternCounts> counts = index.counts(asset, horizon, candidates, asOf);
        String chosen = null;
        PatternCounts best = null;
        if (exact != null && counts.containsKey(exact) && counts.get(exact).episodes >= s.minEpisodes()) {
            chosen = exact;
            best = counts.get(exact);
        } else if (s.backoff()) {
            double bestLow = -1;
            for (Map.Entry<String, PatternCounts> e : counts.entrySet()) {
                PatternCounts pc = e.getValue();
                if (pc.episodes < s.minEpisodes()) {
                    continue;
                }
                double low = Stats.wilsonLow(pc.wins, pc.episodes);
                if (best == null || low > bestLow || (low == bestLow && (pc.members > best.members
                        || (pc.members == best.members && (pc.episodes > best.episodes
                                || (pc.episodes == best.episodes && e.getKey().compareTo(chosen) < 0)))))) {
                    chosen = e.getKey();
                    best = pc;
                    bestLow = low;
                }
            }
        }
        if (best == null) {
            PatternCounts pc = exact == null ? null : counts.get(exact);
            return new Verdict(AbstentionReason.INSUFFICIENT_DATA, exact, pc == null ? 0 : pc.episodes,
                    pc == null || pc.episodes == 0 ? null : pc.winRate(), null);
        }
        double winRate = best.winRate();
        if (winRate < s.minWinRate()) {
            return new Verdict(AbstentionReason.LOW_CONFIDENCE, chosen, best.episodes, winRate, null);
        }
        return new Verdict(null, chosen, best.episodes, winRate, majority(best.winLong, best.winShort, best.winFlat));
    }

    /** The most frequent direction; flat when the top two tie (or nothing was counted). */
    static ForecastAction majority(long up, long down, long flat) {
        long[] n = {up, down, flat};
        ForecastAction[] a = {ForecastAction.LONG, ForecastAction.SHORT, ForecastAction.FLAT};
        int top = 0;
        for (int i = 1; i < 3; i++) {
            if (n[i] > n[top]) {
                top = i;
            }
        }
        for (int i = 0; i < 3; i++) {
            if (i != top && n[i] == n[top]) {
                return ForecastAction.FLAT;
            }
        }
        return a[top];
    }

    /**
     * The ensemble's own call at the same time, for the track record: the state's majority call
     * (flat on a tie), with the mean confidence of the producers making it (of all on a tie).
     */
    static Member ensembleCall(List<Member> state) {
        long up = 0;
        long down = 0;
        long flat = 0;
        for (Member m : state) {
            switch (m.action()) {
                case LONG -> up++;
                case SHORT -> down++;
                default -> flat++;
            }
        }
        ForecastAction call = majority(up, down, flat);
        double sum = 0;
        int n = 0;
        for (Member m : state) {
            if (m.action() == call) {
                sum += m.confidence();
                n++;
            }
        }
        if (n == 0) {
            for (Member m : state) {
                sum += m.confidence();
                n++;
            }
        }
        return new Member("ensemble", call, sum / n, 0, 0);
    }

    private static void insert(Connection c, Forecast f, MetaMode mode, Verdict v, Member ensemble)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO meta_forecasts (forecast_id, forecast_event_id, mode,"
                + " source, asset, horizon, action, confidence, pattern, episodes, win_rate, as_of, ensemble_action,"
                + " ensemble_confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, f.forecastId());
            p.setString(2, f.eventId());
            p.setString(3, mode.wireName());
            p.setString(4, f.source());
            p.setString(5, f.asset());
            p.setString(6, f.horizon());
            p.setString(7, f.action().wireName());
            p.setDouble(8, f.confidence());
            p.setString(9, v.pattern());
            p.setLong(10, v.episodes());
            p.setDouble(11, v.winRate());
            p.setObject(12, Times.timestamp(f.ts()));
            p.setString(13, ensemble.action().wireName());
            p.setDouble(14, ensemble.confidence());
            p.executeUpdate();
        }
    }

    private static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM meta_forecasts WHERE forecast_id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    /** The answer for a forecast already stored under this id: a repeated call answers the same. */
    private Optional<MetaForecast> stored(String id, MetaMode mode) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT asset, horizon, action, confidence, source, pattern,"
                    + " episodes, win_rate, as_of FROM meta_forecasts WHERE forecast_id = ?")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<MetaForecast>empty();
                    }
                    Instant at = Times.instant(r.getObject(9, LocalDateTime.class));
                    if (mode == MetaMode.SHADOW) {
                        return Optional.of(new MetaForecast(id, r.getString(1), r.getString(2),
                                ForecastAction.NO_FORECAST, 0.0, r.getString(5), AbstentionReason.SHADOW_MODE,
                                r.getString(6), r.getInt(7), r.getDouble(8), at));
                    }
                    return Optional.of(new MetaForecast(id, r.getString(1), r.getString(2),
                            ForecastAction.valueOf(r.getString(3).toUpperCase(Locale.ROOT)), r.getDouble(4),
                            r.getString(5), null, r.getString(6), r.getInt(7), r.getDouble(8), at));
                }
            }
        });
    }

    /** The counts behind a track record. */
    record Record(long forecasts, MetaTrackRecord own, MetaTrackRecord ensemble) {
    }

    /**
     * @param mode shadow or live forecasts
     * @return how this producer's resolved forecasts of that mode fared, and the ensemble over the same ones
     */
    Record record(MetaMode mode) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*),"
                    + " SUM(CASE WHEN resolved THEN 1 ELSE 0 END), SUM(CASE WHEN correct THEN 1 ELSE 0 END),"
                    + " SUM(brier), SUM(CASE WHEN ensemble_correct THEN 1 ELSE 0 END), SUM(ensemble_brier)"
                    + " FROM meta_forecasts WHERE mode = ?")) {
                p.setString(1, mode.wireName());
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    long n = r.getLong(2);
                    return new Record(r.getLong(1), track(n, r.getLong(3), r.getDouble(4)),
                            track(n, r.getLong(5), r.getDouble(6)));
                }
            }
        });
    }

    static MetaTrackRecord track(long n, long wins, double sumBrier) {
        if (n == 0) {
            return new MetaTrackRecord(0, 0, null, null, null, null);
        }
        return new MetaTrackRecord(n, wins, (double) wins / n, Stats.wilsonLow(wins, n), Stats.wilsonHigh(wins, n),
                sumBrier / n);
    }
}
