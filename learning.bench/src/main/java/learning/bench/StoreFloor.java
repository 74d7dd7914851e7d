package learning.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;

import learning.store.internal.Store;

/**
 * The least the store itself must write for a benchmark's target, measured without the engine: the
 * rows that DESIGN.md requires (one {@code forecast.v1} event per ingested forecast, with either its
 * dedupe row or, as the engine keeps it, the ledger's {@code forecasts} row whose primary key is the
 * forecast id; one {@code forecast.outcome.v1} with its dedupe row per resolved forecast; per
 * attributed position a {@code learning.outcome.v1} with its dedupe row, its conviction's outcome
 * and an {@code attribution.outcome.v1} with its dedupe row), each event with its SHA-256 chain
 * hash, with payloads of the engine's size, inserted with plain JDBC batches into the engine's own
 * tables, on a fresh file database opened with the engine's settings (or, for attribution, on a
 * copy of the benchmark's own database), in transactions of the engine's size, each committed with
 * the store's durable default (log synced at every commit), keys and conviction updates of a
 * transaction in key order as the engine writes them.
 * Nothing else: no reads, no JSON (payloads are built before the clock starts), no validation, no
 * resolution state, no outcome rows, no aggregation.
 * <p>
 * A component's benchmark can only be faster than its floor by writing less than the design asks,
 * so a floor above a target says the target is out of reach of this store on this machine. The
 * same floor without the redo log ({@code SET FILES LOG FALSE}, which a crash would turn into lost
 * acknowledged writes) shows how much of it is the log and its checkpoints.
 */
final class StoreFloor {
    /**
     * One event row per item, a dedupe row when {@code dedupe} is set, and a row in the ledger's
     * {@code forecasts} table (the engine's 13 columns) when {@code forecastRow} is set.
     */
    record EventKind(String type, boolean dedupe, boolean forecastRow, IntFunction<String> payload) {
        EventKind(String type, boolean dedupe, IntFunction<String> payload) {
            this(type, dedupe, false, payload);
        }
    }

    private StoreFloor() {
    }

    /**
     * {@code forecast.v1} as the ledger writes it for one forecast (about 230 characters), with its
     * dedupe key (a resent forecast id must answer the stored forecast, or 409 for another payload).
     */
    static final EventKind FORECAST = new EventKind("forecast.v1", true, StoreFloor::forecastPayload);

    /**
     * {@code forecast.v1} as the engine stores it: the event row and the ledger's {@code forecasts}
     * row (whose primary key, the forecast id, is the dedupe key, so no dedupe row). These are the
     * engine's own rows for one ingested forecast.
     */
    static final EventKind FORECAST_LEDGER = new EventKind("forecast.v1", false, true, StoreFloor::forecastPayload);

    /** The forecasts' assets and producers, made once so that the timed loop only binds them. */
    private static final String[] ASSETS = new String[20];
    private static final String[] PRODUCERS = new String[8];

    static {
        for (int i = 0; i < ASSETS.length; i++) {
            ASSETS[i] = String.format(Locale.ROOT, "ASSET%02d", i);
        }
        for (int i = 0; i < PRODUCERS.length; i++) {
            PRODUCERS[i] = "producer-" + i;
        }
    }

    private static String forecastPayload(int i) {
        return String.format(Locale.ROOT,
                "{\"action\":\"long\",\"asset\":\"ASSET%02d\",\"confidence\":0.%02d,\"forecast_id\":\"fc-%d\","
                        + "\"horizon\":\"24h\",\"regime_tag\":\"trending\",\"source\":\"producer-%d\","
                        + "\"ts\":\"2025-03-04T05:00:00Z\"}", i % 20, 50 + i % 50, i, i % 8);
    }

    /**
     * {@code forecast.outcome.v1} as the resolver writes it (about 560 characters), with a dedupe
     * row: exactly once per forecast across crashes needs a unique key per outcome somewhere.
     */
    static final EventKind FORECAST_OUTCOME = new EventKind("forecast.outcome.v1", true, i -> String.format(Locale.ROOT,
            "{\"actual_price\":43123.5,\"asset\":\"ASSET%02d\",\"brier_score\":0.1225,\"direction_correct\":true,"
                    + "\"forecast_action\":\"long\",\"forecast_confidence\":0.65,\"forecast_event_id\":\"%s\","
                    + "\"forecast_id\":\"fc-%d\",\"forecast_price\":43001.25,\"forecast_ts\":\"2025-03-04T05:00:00Z\","
                    + "\"horizon\":\"24h\",\"log_score\":-0.4307829160924542,\"producer_id\":\"producer-%d\","
                    + "\"regime_at_forecast\":\"trending\",\"resolved_at\":\"2026-01-01T00:00:00Z\","
                    + "\"return_actual_pct\":0.2837209302325581}", i % 20, orderedId(i), i, i % 8));

    /** {@code learning.outcome.v1} for a position with six domain scores, deduplicated by position. */
    static final EventKind POSITION_OUTCOME = new EventKind("learning.outcome.v1", true, i -> {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "{\"conviction_id\":\"conv-%d\",\"direction_correct\":true,\"domain_scores_at_entry\":{", i));
        for (int d = 0; d < 6; d++) {
            b.append(d == 0 ? "" : ",").append("\"domain").append(d).append("\":0.").append(1000 + (i + d) % 9000);
        }
        return b.append(String.format(Locale.ROOT, "},\"max_drawdown_pct\":0.0312,\"position_id\":\"pos-%d\","
                + "\"realized_pnl\":125.5,\"regime_at_entry\":\"trending\",\"time_held_hours\":26.5}", i)).toString();
    });

    /**
     * {@code attribution.outcome.v1} for a trade with 18 producers (6 domains, 3 each), with a dedupe
     * row per trade: karma applied once per (trade, producer) across crashes needs a key per trade.
     */
    static final EventKind TRADE_KARMA = tradeKarma(18);

    /** {@code attribution.outcome.v1} for a trade with the given number of producers (three per domain). */
    static EventKind tradeKarma(int producers) {
        return new EventKind("attribution.outcome.v1", true, i -> {
            StringBuilder b = new StringBuilder("{\"confidence_bucket\":\"0.6-0.7\",\"producers\":[");
            for (int p = 0; p < producers; p++) {
                b.append(p == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"contribution_weight\":0.0555,\"domain\":\"domain%d\",\"karma_delta\":0.05,\"outcome\":1,"
                                + "\"producer_id\":\"domain%d-producer-%d\"}", p / 3, p / 3, p % 3));
            }
            return b.append(String.format(Locale.ROOT, "],\"realized_pnl_usd\":125.5,\"trade_id\":\"pos-%d\"}", i))
                    .toString();
        });
    }

    /**
     * Writes {@code items} items, each one event row (and dedupe row) per kind, into a fresh file
     * database, {@code perTransaction} items per transaction.
     *
     * @param redoLog false switches HSQLDB's redo log off for the run (not durable; for comparison)
     * @param convictions also set the outcome of item i's conviction {@code conv-i} (DESIGN.md's
     *        attribution does), in rows seeded before the clock starts
     * @return seconds for all the writes (payloads are built before the clock starts)
     */
    static double write(List<EventKind> kinds, int items, int perTransaction, boolean redoLog, boolean convictions)
            throws IOException {
        Path dir = Files.createTempDirectory("bench-floor");
        try (Store store = Store.open("jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning")
                + System.getProperty("bench.url.suffix", ""))) {
            if (convictions) {
                seedConvictions(store, items);
            }
            Seeding.fast(store, false);
            if (!redoLog) {
                store.database().inTransaction(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET FILES LOG FALSE");
                    }
                    return null;
                });
            }
            double seconds = writeRows(store, kinds, items, perTransaction, convictions ? i -> "conv-" + i : null,
                    i -> ":" + i);
            System.out.printf(Locale.ROOT, "    floor %s x %,d%s: %.1f s%n", kinds.stream().map(EventKind::type).toList(),
                    items, redoLog ? "" : " (no redo log)", seconds);
            return seconds;
        } finally {
            BenchMain.deleteTree(dir);
        }
    }

    /**
     * The attribution floor on a benchmark's own database: per position, in the order given (the
     * sweeps' close order), its conviction's outcome, its {@code learning.outcome.v1} and an
     * {@code attribution.outcome.v1} naming {@code producers} producers, each event with its dedupe
     * row, in transactions of the sweeps' page size, committed durably. Unlike {@link #write} the
     * tables hold what the benchmark seeded, so every index is as deep as the engine finds it and the
     * convictions are updated in the order their positions closed.
     *
     * @return seconds for the writes
     */
    static double writeAttribution(Store store, List<String> positionIds, List<String> convictionIds, int producers,
            int perTransaction) {
        Seeding.fast(store, false);
        double seconds = writeRows(store, List.of(POSITION_OUTCOME, tradeKarma(producers)), positionIds.size(),
                perTransaction, convictionIds::get, i -> ":" + positionIds.get(i));
        System.out.printf(Locale.ROOT, "    floor on the benchmark's data x %,d: %.1f s%n", positionIds.size(), seconds);
        return seconds;
    }

    /**
     * The measured part of a floor: payloads are built first, then the clock starts and the rows are
     * written after the events already stored, {@code perTransaction} items per durable transaction.
     *
     * @param conviction item i's conviction, whose outcome is set; null to set none
     * @param keySuffix what follows the event type in item i's dedupe key
     * @return seconds for the writes
     */
    private static double writeRows(Store store, List<EventKind> kinds, int items, int perTransaction,
            IntFunction<String> conviction, IntFunction<String> keySuffix) {
        List<String[]> payloads = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            String[] p = new String[kinds.size()];
            for (int k = 0; k < p.length; k++) {
                p[k] = kinds.get(k).payload().apply(i);
            }
            payloads.add(p);
        }
        Timestamp ts = Timestamp.valueOf("2026-01-01 00:00:00");
        long[] seq = {0};
        byte[][] prev = {new byte[32]};
        store.database().read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")) {
                if (r.next()) {
                    seq[0] = r.getLong(1);
                    prev[0] = r.getBytes(2);
                }
            }
            return null;
        });
        MessageDigest sha = sha256();
        long t0 = System.nanoTime();
        for (int from = 0; from < items; from += perTransaction) {
            int start = from;
            int end = Math.min(items, from + perTransaction);
            store.database().inTransaction(c -> {
                try (PreparedStatement event = c.prepareStatement("INSERT INTO events (seq, id, type, ts, source,"
                        + " dedupe_key, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                        PreparedStatement dedupe = c.prepareStatement(
                                "INSERT INTO event_dedupe (dedupe_key, seq, payload_hash) VALUES (?, ?, ?)");
                        PreparedStatement outcome = c.prepareStatement(
                                "UPDATE conviction_scores SET outcome = ?, outcome_ts = ? WHERE id = ?");
                        PreparedStatement forecast = c.prepareStatement("INSERT INTO forecasts (forecast_id,"
                                + " event_id, event_seq, asset, horizon, horizon_seconds, action, confidence, source,"
                                + " producer_id, regime_tag, ts, target_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    // Keys in key order: each index descent then starts where the last one ended.
                    Map<String, Object[]> keys = new TreeMap<>();
                    List<String> convictions = new ArrayList<>();
                    for (int i = start; i < end; i++) {
                        for (int k = 0; k < kinds.size(); k++) {
                            EventKind kind = kinds.get(k);
                            long s = ++seq[0];
                            String id = orderedId(s);
                            byte[] hash = chainHash(sha, prev[0], s, id, kind.type(), payloads.get(i)[k]);
                            String key = kind.dedupe() ? kind.type() + keySuffix.apply(i) : null;
                            event.setLong(1, s);
                            event.setString(2, id);
                            event.setString(3, kind.type());
                            event.setTimestamp(4, ts);
                            event.setString(5, "bench-floor");
                            event.setString(6, key);
                            event.setString(7, payloads.get(i)[k]);
                            event.setBytes(8, prev[0]);
                            event.setBytes(9, hash);
                            event.addBatch();
                            prev[0] = hash;
                            if (key != null) {
                                keys.put(key, new Object[] {s, hash});
                            }
                            if (kind.forecastRow()) {
                                Timestamp at = new Timestamp(ts.getTime() - 60_000L * (items - i));
                                forecast.setString(1, "fc-" + i);
                                forecast.setString(2, id);
                                forecast.setLong(3, s);
                                forecast.setString(4, ASSETS[i % ASSETS.length]);
                                forecast.setString(5, "24h");
                                forecast.setLong(6, 86_400);
                                forecast.setString(7, "long");
                                forecast.setDouble(8, 0.5 + i % 50 / 100.0);
                                forecast.setString(9, PRODUCERS[i % PRODUCERS.length]);
                                forecast.setString(10, PRODUCERS[i % PRODUCERS.length]);
                                forecast.setString(11, "trending");
                                forecast.setTimestamp(12, at);
                                forecast.setTimestamp(13, new Timestamp(at.getTime() + 86_400_000L));
                                forecast.addBatch();
                            }
                        }
                        if (conviction != null) {
                            convictions.add(conviction.apply(i));
                        }
                    }
                    convictions.sort(null);
                    for (String id : convictions) {
                        outcome.setDouble(1, 125.5);
                        outcome.setTimestamp(2, ts);
                        outcome.setString(3, id);
                        outcome.addBatch();
                    }
                    if (!convictions.isEmpty()) {
                        outcome.executeBatch();
                    }
                    for (Map.Entry<String, Object[]> key : keys.entrySet()) {
                        dedupe.setString(1, key.getKey());
                        dedupe.setLong(2, (Long) key.getValue()[0]);
                        dedupe.setBytes(3, (byte[]) key.getValue()[1]);
                        dedupe.addBatch();
                    }
                    event.executeBatch();
                    if (!keys.isEmpty()) {
                        dedupe.executeBatch();
                    }
                    if (kinds.stream().anyMatch(EventKind::forecastRow)) {
                        forecast.executeBatch();
                    }
                }
                return null;
            });
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The least reading a component cannot skip: one plain scan of each query's rows, every column
     * fetched (no order, no join, nothing written), in one read transaction.
     *
     * @param queries SELECTs of the rows and columns the component needs
     * @return seconds
     * @throws IllegalStateException when a query gave no row (the floor would measure nothing)
     */
    static double scan(Store store, String... queries) {
        return store.database().read(c -> {
            long t0 = System.nanoTime();
            for (String query : queries) {
                long rows = 0;
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= columns; i++) {
                            r.getObject(i);
                        }
                        rows++;
                    }
                }
                if (rows == 0) {
                    throw new IllegalStateException("the read floor read nothing: " + query);
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        });
    }

    /** Conviction rows {@code conv-0} to {@code conv-(n-1)}, written fast (not timed). */
    private static void seedConvictions(Store store, int n) {
        Seeding.fast(store, true);
        Timestamp ts = Timestamp.valueOf("2025-12-01 00:00:00");
        for (int from = 0; from < n; from += 10_000) {
            int start = from;
            store.database().inTransaction(c -> {
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO conviction_scores (id, cycle_id, symbol, score, ts) VALUES (?, ?, ?, ?, ?)")) {
                    for (int i = start; i < Math.min(n, start + 10_000); i++) {
                        p.setString(1, "conv-" + i);
                        p.setString(2, "cycle-" + i / 6);
                        p.setString(3, "ASSET" + i % 20);
                        p.setDouble(4, 0.5);
                        p.setTimestamp(5, ts);
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                return null;
            });
        }
    }

    /** Ids that grow with the sequence, as the event log's own (version 7 UUIDs). */
    private static String orderedId(long sequence) {
        return new UUID((sequence << 16) | 0x7000L, 0x8000000000000000L | sequence).toString();
    }

    /**
     * The event's chain hash, as the design's hash chain needs one per event: SHA-256 over the
     * previous hash and the event's fields (the engine's exact encoding does not matter here, its
     * cost does).
     */
    private static byte[] chainHash(MessageDigest sha, byte[] previous, long seq, String id, String type,
            String payload) {
        sha.update(previous);
        sha.update(Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
        sha.update(id.getBytes(StandardCharsets.US_ASCII));
        sha.update(type.getBytes(StandardCharsets.US_ASCII));
        sha.update(payload.getBytes(StandardCharsets.UTF_8));
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
