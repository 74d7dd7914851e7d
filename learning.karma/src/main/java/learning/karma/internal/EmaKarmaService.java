package learning.karma.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;

import learning.api.ConflictException;
import learning.api.NotFoundException;
import learning.api.event.Event;
import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.karma.KarmaService;
import learning.api.karma.KarmaSweep;
import learning.api.karma.KarmaUpdate;
import learning.api.karma.ProducerKarma;
import learning.api.karma.ProducerOutcome;
import learning.api.karma.ProducerScore;
import learning.api.store.LearningDatabase;
import learning.api.store.SweepWindow;

/**
 * Producer karma and producer scoring on the engine's database.
 *
 * <p>Each producer with an accepted signal for a closed trade gets exactly one EMA update per
 * trade, however many signals it had in it (their contribution weights are summed for the
 * event). The table {@code karma_trades}, one row per trade with the producers applied, makes every
 * call and sweep idempotent per (trade, producer); producers whose signals arrive after a trade was
 * applied are applied by a later call and reported in an event of their own
 * ({@code attribution.outcome:{trade_id}:2}, ...). What an update did is in those events, which a
 * replayed call reads back.
 *
 * <p>The sweep is set-based: one query lists the signals of the trades closed since the last
 * sweep (up to {@value #READ_CHUNK} rows, read on the sweep's thread before the chunk is
 * written); per page of {@value #PAGE_SIZE} trades one query reads which producers were applied
 * already and one reads the karma of the producers involved; the EMA steps run in memory in close
 * order, and one transaction writes the page.
 */
@Component(service = KarmaService.class, immediate = true)
public class EmaKarmaService implements KarmaService {
    /** The event source, as in the reference ({@code KarmaEngine}). */
    static final String SOURCE = "karma.attribution";
    /** Dedupe key prefix of {@code attribution.outcome.v1}; the trade id follows. */
    static final String DEDUPE_PREFIX = "attribution.outcome:";
    /** Trades per sweep transaction. */
    static final int PAGE_SIZE = 5000;
    /**
     * Candidates read per query. The query scans every remaining candidate (and sorts them), so
     * reading many pages' worth at once keeps a large backlog from costing one scan per page.
     */
    static final int READ_CHUNK = 12 * PAGE_SIZE;
    /** Producer scoring looks at trades closed in this window before the scoring instant. */
    static final Duration SCORING_WINDOW = Duration.ofDays(30);
    /** A producer's win rate is shown from this many trades in the window. */
    static final int MIN_OBSERVATIONS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(EmaKarmaService.class);

    private static final String TRADE = "SELECT p.id, p.status, p.closed_at, p.realized_pnl FROM positions p";
    /**
     * Closed trades up to the sweep's instant with their signals, one row per signal, in close
     * order; keyset-paged on (closed_at, id). Producers applied already are left out in memory
     * ({@link #apply}), from the trade's one {@code karma_trades} row.
     */
    private static final String PENDING = "SELECT p.id, p.status, p.closed_at, p.realized_pnl, s.producer_id, s.domain,"
            + " s.contribution_weight, s.confidence, s.event_seq FROM positions p JOIN accepted_signals s ON s.trade_id = p.id"
            + " WHERE p.status = 'closed' AND p.closed_at <= ?";
    /** Trades closed since the last sweep: close sequence and earliest close time of its {@link SweepWindow}. */
    private static final String NEW_CLOSES = " AND p.close_seq > ? AND p.closed_at >= ?";
    private static final String AFTER = " AND p.closed_at >= ? AND (p.closed_at > ? OR p.id > ?)";
    /** The sweep's name in {@code sweep_watermarks}. */
    static final String SWEEP = "karma";
    /**
     * In the order of the positions' (closed_at, id) index, so the database streams it and stops at
     * the limit instead of sorting every pending signal; a trade's signals are put in stored order
     * (event_seq) in memory.
     */
    private static final String ORDER = " ORDER BY p.closed_at, p.id LIMIT ";

    private final LearningDatabase db;
    private final EventLog events;
    private final int readChunk;

    /**
     * @param database the engine's database; this bundle's tables are created if missing
     * @param events the event log {@code attribution.outcome.v1} goes to
     */
    @Activate
    public EmaKarmaService(@Reference LearningDatabase database, @Reference EventLog events) {
        this(database, events, READ_CHUNK);
    }

    /** For tests that cross chunk boundaries without 60,000 signals. */
    EmaKarmaService(LearningDatabase database, EventLog events, int readChunk) {
        this.db = database;
        this.events = events;
        this.readChunk = readChunk;
        db.migrate(KarmaSchema.MODULE, KarmaSchema.migrations());
    }

    /**
     * A trade to apply.
     *
     * @param signals its signals as read before the write transaction, or null to read them in it
     */
    record Trade(String id, boolean closed, Instant closedAt, double realizedPnl, List<Signal> signals) {
    }

    record Signal(String tradeId, String producerId, String domain, double contributionWeight, Double confidence) {
    }

    /** A producer's karma row while a page is computed. */
    static final class Row {
        final String producerId;
        double score;
        int wins;
        int losses;
        int neutrals;
        int total;
        boolean changed;

        Row(String producerId) {
            this.producerId = producerId;
        }
    }

    private record Applied(String bucket, List<ProducerOutcome> producers) {
    }

    // ---- karma ----------------------------------------------------------------------------

    @Override
    public KarmaUpdate applyTrade(String tradeId) {
        if (tradeId == null || tradeId.isBlank()) {
            throw new NotFoundException("id", "no trade id given");
        }
        Trade t = db.read(c -> trade(c, tradeId));
        if (t == null) {
            throw new NotFoundException("id", "no position with id '" + tradeId + "'");
        }
        if (!t.closed()) {
            throw new ConflictException("id", "position '" + tradeId + "' is still open: karma needs its outcome");
        }
        // A replay needs no write lock: answer from what was applied before.
        if (!db.read(c -> hasPending(c, tradeId))) {
            return db.read(c -> stored(c, t));
        }
        return db.inTransaction(c -> {
            Applied a = apply(c, List.of(t)).get(t.id());
            return a == null ? stored(c, t) : new KarmaUpdate(t.id(), t.realizedPnl(), a.bucket(), a.producers(), true);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Trades that fail are skipped and the others applied; the sweep then throws, naming how
     * many failed and why, so the cycle run is marked failed and the next sweep retries them.
     */
    @Override
    public KarmaSweep sweep(Instant asOf) {
        Objects.requireNonNull(asOf, "asOf");
        SweepWindow window = db.read(c -> SweepWindow.read(c, SWEEP, asOf));
        Totals totals = new Totals();
        if (window.hasNewSignals() && window.afterCloseSeq() >= 0) {
            // Signals accepted since the last sweep for trades that closed before it: rare, few (none
            // before a first sweep has run: every closed trade is new to it).
            applyPages(db.read(c -> lateSignals(c, asOf, window)), totals);
        }
        if (window.hasNewCloses()) {
            sweepNewCloses(asOf, window, totals);
        }
        if (totals.failed > 0) {
            throw new IllegalStateException("karma sweep as of " + asOf + ": " + totals.trades + " trades applied, "
                    + totals.failed + " failed and left for the next sweep; first failure: " + totals.firstFailure);
        }
        db.inTransaction(c -> {
            window.advance(c);
            return null;
        });
        if (totals.trades > 0) {
            LOG.info("karma sweep as of {}: {} trades, {} producer updates", asOf, totals.trades, totals.updates);
        }
        return new KarmaSweep(asOf, totals.trades, totals.updates);
    }

    /** What a sweep has done so far. */
    private static final class Totals {
        int trades;
        int updates;
        int failed;
        String firstFailure;
    }

    /**
     * Trades closed since the last sweep, in close order, chunk by chunk, each read on this thread
     * (a second thread reading ahead made the sweep slower on two cores; see the attribution sweep).
     */
    private void sweepNewCloses(Instant asOf, SweepWindow window, Totals totals) {
        Trade cursor = null;
        while (true) {
            Trade after = cursor;
            Chunk chunk = db.read(c -> candidates(c, asOf, window, after));
            List<Trade> all = chunk.trades();
            if (all.isEmpty()) {
                return;
            }
            applyPages(all, totals);
            if (!chunk.full()) {
                return;
            }
            cursor = all.get(all.size() - 1);
        }
    }

    /** Applies trades a page per transaction; a failing page is retried trade by trade. */
    private void applyPages(List<Trade> all, Totals totals) {
        for (int from = 0; from < all.size(); from += PAGE_SIZE) {
            List<Trade> page = all.subList(from, Math.min(all.size(), from + PAGE_SIZE));
            List<Map<String, Applied>> results = new ArrayList<>();
            try {
                results.add(db.inTransaction(c -> apply(c, page)));
            } catch (RuntimeException pageFailed) {
                LOG.warn("karma page of {} trades failed ({}); retrying them one by one", page.size(),
                        pageFailed.toString());
                for (Trade one : page) {
                    try {
                        results.add(db.inTransaction(c -> apply(c, List.of(one))));
                    } catch (RuntimeException e) {
                        totals.failed++;
                        LOG.error("cannot apply karma of trade '{}'", one.id(), e);
                        if (totals.firstFailure == null) {
                            totals.firstFailure = "trade '" + one.id() + "': " + e.getMessage();
                        }
                    }
                }
            }
            for (Map<String, Applied> r : results) {
                totals.trades += r.size();
                for (Applied a : r.values()) {
                    totals.updates += a.producers().size();
                }
            }
        }
    }

    /**
     * Applies the producers of the given trades that were not applied yet, in the given order
     * (close order, so the EMA sees outcomes as they happened). Runs inside a write transaction.
     *
     * @return per trade that got updates, what they were
     */
    private Map<String, Applied> apply(Connection c, List<Trade> trades) throws SQLException {
        List<String> ids = new ArrayList<>(trades.size());
        trades.forEach(t -> ids.add(t.id()));
        List<String> unread = new ArrayList<>();
        trades.forEach(t -> {
            if (t.signals() == null) {
                unread.add(t.id());
            }
        });
        Map<String, List<Signal>> signals = unread.isEmpty() ? new HashMap<>() : signals(c, unread);
        trades.forEach(t -> {
            if (t.signals() != null) {
                signals.put(t.id(), t.signals());
            }
        });
        Map<String, AppliedTrade> applied = appliedTrades(c, ids);
        Set<String> producers = new HashSet<>();
        signals.values().forEach(list -> list.forEach(sig -> producers.add(sig.producerId())));
        Map<String, Row> karma = karmaRows(c, producers);

        Map<String, Applied> out = new LinkedHashMap<>();
        List<NewEvent> outcomeEvents = new ArrayList<>();
        for (Trade t : trades) {
            AppliedTrade before = applied.get(t.id());
            Set<String> done = before == null ? Set.of() : before.producers();
            // One entry per producer not applied yet: its first signal's domain, its summed weight.
            Map<String, ProducerOutcome> pending = new LinkedHashMap<>();
            List<Double> confidences = new ArrayList<>();
            for (Signal sig : signals.getOrDefault(t.id(), List.of())) {
                if (done.contains(sig.producerId())) {
                    continue;
                }
                confidences.add(sig.confidence());
                pending.merge(sig.producerId(), new ProducerOutcome(sig.producerId(), sig.domain(), sig.contributionWeight(), 0, 0),
                        (a, b) -> new ProducerOutcome(a.producerId(), a.domain(),
                                a.contributionWeight() + b.contributionWeight(), 0, 0));
            }
            if (pending.isEmpty()) {
                continue;
            }
            double outcome = Karma.outcome(t.realizedPnl());
            List<ProducerOutcome> updates = new ArrayList<>(pending.size());
            for (ProducerOutcome p : pending.values()) {
                Row row = karma.computeIfAbsent(p.producerId(), Row::new);
                double previousScore = row.score;
                row.score = Karma.next(previousScore, outcome);
                row.total++;
                if (outcome > 0) {
                    row.wins++;
                } else if (outcome < 0) {
                    row.losses++;
                } else {
                    row.neutrals++;
                }
                row.changed = true;
                updates.add(new ProducerOutcome(p.producerId(), p.domain(), p.contributionWeight(), outcome,
                        row.score - previousScore));
            }
            Applied a = new Applied(Karma.confidenceBucket(confidences), updates);
            out.put(t.id(), a);
            int previous = before == null ? 0 : before.emissions();
            outcomeEvents.add(new NewEvent(EventTypes.ATTRIBUTION_OUTCOME, t.closedAt(), SOURCE,
                    dedupeKey(t.id(), previous + 1), payload(t, a)));
        }
        if (out.isEmpty()) {
            return out;
        }
        events.appendAll(outcomeEvents);
        LocalDateTime now = timestamp(Instant.now());
        writeKarma(c, karma.values(), now);
        writeApplied(c, out, applied, now);
        return out;
    }

    /** The dedupe key of a trade's {@code n}th {@code attribution.outcome.v1}: the reference's key, then {@code :2}, {@code :3}, ... */
    static String dedupeKey(String tradeId, int n) {
        return DEDUPE_PREFIX + tradeId + (n == 1 ? "" : ":" + n);
    }

    /** A trade's row of {@code karma_trades}: the producers applied and how many events reported them. */
    private record AppliedTrade(Set<String> producers, int emissions) {
    }

    private static Map<String, AppliedTrade> appliedTrades(Connection c, List<String> tradeIds) throws SQLException {
        Map<String, AppliedTrade> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT trade_id, producers, emissions FROM karma_trades WHERE trade_id IN (UNNEST(?))")) {
            s.setArray(1, varchars(c, tradeIds));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Set<String> producers = new LinkedHashSet<>();
                    for (Object p : (Object[]) r.getArray(2).getArray()) {
                        producers.add((String) p);
                    }
                    out.put(r.getString(1), new AppliedTrade(producers, r.getInt(3)));
                }
            }
        }
        return out;
    }

    /** Records the producers just applied: a new row per trade, or the trade's row grown by a late emission. */
    private static void writeApplied(Connection c, Map<String, Applied> out, Map<String, AppliedTrade> before,
            LocalDateTime now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO karma_trades (trade_id, producers, emissions, applied_at) VALUES (?, ?, 1, ?)");
                PreparedStatement grow = c.prepareStatement("UPDATE karma_trades SET producers = ?,"
                        + " emissions = emissions + 1, applied_at = ? WHERE trade_id = ?")) {
            int inserts = 0;
            int updates = 0;
            // In trade id order: each insert into the key starts near where the last one ended.
            for (Map.Entry<String, Applied> applied : new TreeMap<>(out).entrySet()) {
                String tradeId = applied.getKey();
                Set<String> producers = new LinkedHashSet<>();
                AppliedTrade earlier = before.get(tradeId);
                if (earlier != null) {
                    producers.addAll(earlier.producers());
                }
                applied.getValue().producers().forEach(p -> producers.add(p.producerId()));
                if (producers.size() > KarmaSchema.MAX_PRODUCERS_PER_TRADE) {
                    throw new IllegalStateException("trade '" + tradeId + "' has " + producers.size()
                            + " producers; karma keeps at most " + KarmaSchema.MAX_PRODUCERS_PER_TRADE + " per trade");
                }
                Array ids = varchars(c, producers);
                if (earlier == null) {
                    insert.setString(1, tradeId);
                    insert.setArray(2, ids);
                    insert.setObject(3, now);
                    insert.addBatch();
                    inserts++;
                } else {
                    grow.setArray(1, ids);
                    grow.setObject(2, now);
                    grow.setString(3, tradeId);
                    grow.addBatch();
                    updates++;
                }
            }
            if (inserts > 0) {
                insert.executeBatch();
            }
            if (updates > 0) {
                grow.executeBatch();
            }
        }
    }

    /** The {@code attribution.outcome.v1} payload, keys sorted so the text is canonical. */
    private static String payload(Trade t, Applied a) {
        StringWriter text = new StringWriter(128 + 128 * a.producers().size());
        try (JsonWriter out = new JsonWriter(text)) {
            out.beginObject();
            out.name("confidence_bucket").value(a.bucket());
            out.name("producers").beginArray();
            for (ProducerOutcome p : a.producers()) {
                out.beginObject();
                out.name("contribution_weight").value(finite(p.contributionWeight()));
                out.name("domain").value(p.domain());
                out.name("karma_delta").value(finite(p.karmaDelta()));
                out.name("outcome").value(finite(p.outcome()));
                out.name("producer_id").value(p.producerId());
                out.endObject();
            }
            out.endArray();
            out.name("realized_pnl_usd").value(finite(t.realizedPnl()));
            out.name("trade_id").value(t.id());
            out.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** @throws IllegalArgumentException for NaN and infinities, which JSON cannot carry */
    private static double finite(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        return d;
    }

    private static void writeKarma(Connection c, Collection<Row> rows, LocalDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("MERGE INTO producer_karma k USING (VALUES (CAST(? AS VARCHAR(128)),"
                + " CAST(? AS DOUBLE), CAST(? AS INT), CAST(? AS INT), CAST(? AS INT), CAST(? AS INT), CAST(? AS TIMESTAMP(6))))"
                + " AS v (producer_id, karma_score, win_count, loss_count, neutral_count, total_trades, last_updated)"
                + " ON k.producer_id = v.producer_id WHEN MATCHED THEN UPDATE SET k.karma_score = v.karma_score,"
                + " k.win_count = v.win_count, k.loss_count = v.loss_count, k.neutral_count = v.neutral_count,"
                + " k.total_trades = v.total_trades, k.last_updated = v.last_updated"
                + " WHEN NOT MATCHED THEN INSERT VALUES (v.producer_id, v.karma_score, v.win_count, v.loss_count,"
                + " v.neutral_count, v.total_trades, v.last_updated)")) {
            int n = 0;
            for (Row r : rows) {
                if (!r.changed) {
                    continue;
                }
                s.setString(1, r.producerId);
                s.setDouble(2, r.score);
                s.setInt(3, r.wins);
                s.setInt(4, r.losses);
                s.setInt(5, r.neutrals);
                s.setInt(6, r.total);
                s.setObject(7, now);
                s.addBatch();
                n++;
            }
            if (n > 0) {
                s.executeBatch();
            }
        }
    }

    /** What was applied for a trade before, for replays: the producers of the trade's events, in the order applied. */
    private KarmaUpdate stored(Connection c, Trade t) throws SQLException {
        List<Double> confidences = new ArrayList<>();
        for (Signal s : signals(c, List.of(t.id())).getOrDefault(t.id(), List.of())) {
            confidences.add(s.confidence());
        }
        AppliedTrade applied = appliedTrades(c, List.of(t.id())).get(t.id());
        List<ProducerOutcome> producers = new ArrayList<>();
        for (int n = 1; applied != null && n <= applied.emissions(); n++) {
            String key = dedupeKey(t.id(), n);
            Event e = events.byDedupeKey(key).orElseThrow(() -> new IllegalStateException("trade '" + t.id()
                    + "' is recorded as applied, but the event log holds no event with dedupe key " + key));
            producers.addAll(producers(e.payload()));
        }
        return new KarmaUpdate(t.id(), t.realizedPnl(), Karma.confidenceBucket(confidences), producers, false);
    }

    /** The producers of an {@code attribution.outcome.v1} payload as {@link #payload} wrote them. */
    static List<ProducerOutcome> producers(String payload) {
        List<ProducerOutcome> out = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(payload).getAsJsonObject().getAsJsonArray("producers")) {
            JsonObject p = e.getAsJsonObject();
            out.add(new ProducerOutcome(p.get("producer_id").getAsString(), p.get("domain").getAsString(),
                    p.get("contribution_weight").getAsDouble(), p.get("outcome").getAsDouble(),
                    p.get("karma_delta").getAsDouble()));
        }
        return out;
    }

    // ---- reading --------------------------------------------------------------------------

    private static Trade trade(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(TRADE + " WHERE p.id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? trade(r) : null;
            }
        }
    }

    private static Trade trade(ResultSet r) throws SQLException {
        return new Trade(r.getString(1), "closed".equals(r.getString(2)), instant(r, 3), r.getDouble(4), null);
    }

    private static boolean hasPending(Connection c, String tradeId) throws SQLException {
        AppliedTrade applied = appliedTrades(c, List.of(tradeId)).get(tradeId);
        for (Signal s : signals(c, List.of(tradeId)).getOrDefault(tradeId, List.of())) {
            if (applied == null || !applied.producers().contains(s.producerId())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Trades read ahead of writing.
     *
     * @param trades the trades with their pending signals
     * @param full true when the read hit its limit, so more may follow
     */
    private record Chunk(List<Trade> trades, boolean full) {
    }

    /** Reads the next chunk of trades closed since the last sweep with pending signals, after {@code after} in close order. */
    private Chunk candidates(Connection c, Instant asOf, SweepWindow window, Trade after) throws SQLException {
        List<Trade> out = new ArrayList<>();
        int rows;
        try (PreparedStatement s = c.prepareStatement(PENDING + NEW_CLOSES + (after == null ? "" : AFTER) + ORDER
                + readChunk)) {
            s.setObject(1, timestamp(asOf));
            s.setLong(2, window.afterCloseSeq());
            s.setObject(3, timestamp(window.fromClosedAt()));
            if (after != null) {
                s.setObject(4, timestamp(after.closedAt()));
                s.setObject(5, timestamp(after.closedAt()));
                s.setString(6, after.id());
            }
            try (ResultSet r = s.executeQuery()) {
                rows = readTrades(r, out);
            }
        }
        boolean full = rows == readChunk;
        if (full) {
            // The limit may have cut the last trade's signals: it starts the next chunk instead,
            // unless it is the only trade, whose signals are then read in the write transaction.
            Trade last = out.remove(out.size() - 1);
            if (out.isEmpty()) {
                out.add(new Trade(last.id(), true, last.closedAt(), last.realizedPnl(), null));
            }
        }
        return new Chunk(out, full);
    }

    /**
     * Trades closed before the last sweep that have signals accepted since, with their pending
     * signals, in close order.
     */
    private static List<Trade> lateSignals(Connection c, Instant asOf, SweepWindow window) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT s.trade_id FROM accepted_signals s"
                + " JOIN positions p ON p.id = s.trade_id WHERE s.event_seq > ? AND s.event_seq <= ? AND p.close_seq <= ?")) {
            s.setLong(1, window.afterSignalSeq());
            s.setLong(2, window.nextSignalSeq());
            s.setLong(3, window.afterCloseSeq());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        List<Trade> out = new ArrayList<>();
        int batch = 1_000;
        for (int from = 0; from < ids.size(); from += batch) {
            try (PreparedStatement s = c.prepareStatement(PENDING + " AND p.close_seq <= ? AND p.id IN (UNNEST(?))"
                    + " ORDER BY p.closed_at, p.id")) {
                s.setObject(1, timestamp(asOf));
                s.setLong(2, window.afterCloseSeq());
                s.setArray(3, varchars(c, ids.subList(from, Math.min(ids.size(), from + batch))));
                try (ResultSet r = s.executeQuery()) {
                    readTrades(r, out);
                }
            }
        }
        out.sort(Comparator.comparing(Trade::closedAt).thenComparing(Trade::id));
        return out;
    }

    /** Reads rows of {@link #PENDING} into trades, each trade's signals in stored order; @return the rows read */
    private static int readTrades(ResultSet r, List<Trade> out) throws SQLException {
        int rows = 0;
        Trade current = null;
        List<long[]> order = new ArrayList<>();
        while (r.next()) {
            rows++;
            String id = r.getString(1);
            if (current == null || !current.id().equals(id)) {
                inStoredOrder(current, order);
                current = new Trade(id, true, instant(r, 3), r.getDouble(4), new ArrayList<>());
                out.add(current);
            }
            double confidence = r.getDouble(8);
            Double conf = r.wasNull() ? null : confidence;
            order.add(new long[] {r.getLong(9), current.signals().size()});
            current.signals().add(new Signal(id, r.getString(5), r.getString(6), r.getDouble(7), conf));
        }
        inStoredOrder(current, order);
        return rows;
    }

    /** Puts a trade's signals in the order they were stored, given (event_seq, index) per signal; clears the list. */
    private static void inStoredOrder(Trade t, List<long[]> order) {
        if (t != null && order.size() > 1) {
            order.sort((a, b) -> Long.compare(a[0], b[0]));
            List<Signal> sorted = new ArrayList<>(order.size());
            for (long[] o : order) {
                sorted.add(t.signals().get((int) o[1]));
            }
            t.signals().clear();
            t.signals().addAll(sorted);
        }
        order.clear();
    }

    /** Accepted signals of several trades, each trade's in the order they were stored. */
    private static Map<String, List<Signal>> signals(Connection c, List<String> tradeIds) throws SQLException {
        Map<String, List<Signal>> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT trade_id, producer_id, domain, contribution_weight, confidence"
                + " FROM accepted_signals WHERE trade_id IN (UNNEST(?)) ORDER BY event_seq")) {
            s.setArray(1, varchars(c, tradeIds));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    double confidence = r.getDouble(5);
                    Double conf = r.wasNull() ? null : confidence;
                    out.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                            .add(new Signal(r.getString(1), r.getString(2), r.getString(3), r.getDouble(4), conf));
                }
            }
        }
        return out;
    }

    private static Map<String, Row> karmaRows(Connection c, Set<String> producers) throws SQLException {
        Map<String, Row> out = new HashMap<>();
        if (producers.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT producer_id, karma_score, win_count, loss_count, neutral_count,"
                + " total_trades FROM producer_karma WHERE producer_id IN (UNNEST(?))")) {
            s.setArray(1, varchars(c, producers));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Row row = new Row(r.getString(1));
                    row.score = r.getDouble(2);
                    row.wins = r.getInt(3);
                    row.losses = r.getInt(4);
                    row.neutrals = r.getInt(5);
                    row.total = r.getInt(6);
                    out.put(row.producerId, row);
                }
            }
        }
        return out;
    }

    @Override
    public List<ProducerKarma> leaderboard(int limit) {
        int max = Math.max(1, Math.min(10_000, limit));
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT producer_id, karma_score, win_count, loss_count,"
                    + " neutral_count, total_trades, last_updated FROM producer_karma"
                    + " ORDER BY karma_score DESC, producer_id LIMIT " + max)) {
                List<ProducerKarma> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new ProducerKarma(r.getString(1), r.getDouble(2), r.getInt(3), r.getInt(4), r.getInt(5),
                                r.getInt(6), instant(r, 7)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>A producer counts for the domain its latest accepted signal names, and only once it has
     * karma (a producer without any applied trade has no evidence yet). A domain without such
     * producers is absent from the map, which synthesis reads as neutral (1).
     */
    @Override
    public Map<String, Double> domainMultipliers() {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                    // The latest signal per producer through a grouped derived table: a correlated
                    // MAX subquery would be evaluated once per signal row.
                    ResultSet r = s.executeQuery("SELECT s.domain, AVG(k.karma_score)"
                            + " FROM (SELECT producer_id, MAX(event_seq) AS last_seq FROM accepted_signals"
                            + " GROUP BY producer_id) x"
                            + " JOIN accepted_signals s ON s.producer_id = x.producer_id AND s.event_seq = x.last_seq"
                            + " JOIN producer_karma k ON k.producer_id = x.producer_id GROUP BY s.domain")) {
                Map<String, Double> out = new TreeMap<>();
                while (r.next()) {
                    out.put(r.getString(1), 1.0 + r.getDouble(2));
                }
                return out;
            }
        });
    }

    // ---- scoring --------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>A win is a trade with PnL above 0 (as the reference counts accuracy); a trade counts once
     * per producer however many of its signals it carried. Staleness is never negative: a success
     * reported after {@code asOf} gives zero.
     */
    @Override
    public List<ProducerScore> scoreProducers(Instant asOf) {
        Objects.requireNonNull(asOf, "asOf");
        return db.read(c -> {
            Set<String> producers = new TreeSet<>();
            Map<String, Instant> lastSuccess = new HashMap<>();
            Map<String, Integer> failures = new HashMap<>();
            try (Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT name, last_success_at, consecutive_failures FROM producer_health")) {
                    while (r.next()) {
                        producers.add(r.getString(1));
                        Instant at = instant(r, 2);
                        if (at != null) {
                            lastSuccess.put(r.getString(1), at);
                        }
                        failures.put(r.getString(1), r.getInt(3));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT DISTINCT producer_id FROM accepted_signals")) {
                    while (r.next()) {
                        producers.add(r.getString(1));
                    }
                }
            }
            Map<String, int[]> record = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT x.producer_id, COUNT(*), SUM(x.win) FROM"
                    + " (SELECT DISTINCT s.trade_id, s.producer_id, CASE WHEN p.realized_pnl > 0 THEN 1 ELSE 0 END AS win"
                    + " FROM positions p JOIN accepted_signals s ON s.trade_id = p.id"
                    + " WHERE p.status = 'closed' AND p.closed_at >= ? AND p.closed_at <= ?) x GROUP BY x.producer_id")) {
                s.setObject(1, timestamp(asOf.minus(SCORING_WINDOW)));
                s.setObject(2, timestamp(asOf));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        record.put(r.getString(1), new int[] {r.getInt(2), r.getInt(3)});
                    }
                }
            }
            Map<String, Double> karma = new HashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT producer_id, karma_score FROM producer_karma")) {
                while (r.next()) {
                    karma.put(r.getString(1), r.getDouble(2));
                }
            }
            List<ProducerScore> out = new ArrayList<>(producers.size());
            for (String p : producers) {
                Instant success = lastSuccess.get(p);
                Duration staleness = success == null ? null
                        : success.isAfter(asOf) ? Duration.ZERO : Duration.between(success, asOf);
                double errorRate = Math.min(1.0, failures.getOrDefault(p, 0) / 10.0);
                int[] rec = record.getOrDefault(p, new int[] {0, 0});
                Double winRate = rec[0] >= MIN_OBSERVATIONS ? (double) rec[1] / rec[0] : null;
                out.add(new ProducerScore(p, staleness, errorRate, winRate, rec[0], karma.get(p)));
            }
            return out;
        });
    }

    // ---- SQL helpers ----------------------------------------------------------------------

    private static Array varchars(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("VARCHAR", values.toArray());
    }

    private static LocalDateTime timestamp(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        LocalDateTime t = r.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
