package learning.forecast.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

import learning.api.forecast.AggregationRun;
import learning.api.forecast.PerformanceAggregator;
import learning.api.forecast.ProducerCorrelation;
import learning.api.forecast.ProducerPerformance;
import learning.api.store.LearningDatabase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Producer performance and producer agreement over a window of forecast time, kept as sufficient
 * statistics (sums and counts) in {@code producer_performance} and {@code producer_correlation}.
 *
 * <p>The tables always describe one set of outcomes: those up to an outcome sequence number with
 * forecast time in a window [start, end]. A run moves that set to the newest outcome and the
 * window ending at its instant by adding and subtracting only the difference: outcomes resolved
 * since the last run, and outcomes whose forecast time entered or left the window. Its cost is
 * proportional to that difference, not to the history. Agreement is counted over 2-hour episodes
 * (bucket = floor(forecast epoch seconds / 7200)), in which the latest call of each producer
 * counts; an episode touched by the difference is recounted from its stored outcomes, its old
 * pairs subtracted and its new ones added.
 */
public class IncrementalAggregator implements PerformanceAggregator {
    /** The regime of the groups that take every regime together (not "all", which is a possible regime name). */
    static final String ALL_REGIMES = "*";
    static final long EPISODE_MICROS = 7_200L * Times.MICROS_PER_SECOND;
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalAggregator.class);
    private static final int SCAN_PAGE = 50_000;
    private static final long SLICE_MICROS = 86_400L * Times.MICROS_PER_SECOND;
    private static final String ROW_COLUMNS = "seq, producer_id, asset, horizon, regime_at_forecast, forecast_ts,"
            + " forecast_event_seq, action, direction_correct, confidence, brier_score, log_score";

    private final LearningDatabase db;
    private final ReentrantLock running = new ReentrantLock();
    private volatile Duration window;

    /**
     * @param db the database
     * @param window the window of forecast time, ending at each run's instant
     */
    public IncrementalAggregator(LearningDatabase db, Duration window) {
        this.db = db;
        this.window = window;
        ForecastTables.migrate(db);
    }

    void configure(Duration w) {
        window = w;
    }

    Duration window() {
        return window;
    }

    record GroupKey(String producer, String asset, String horizon, String regime) {
    }

    record PairKey(String asset, String horizon, String a, String b) {
    }

    private record EpisodeKey(String asset, String horizon, long bucket) {
    }

    private record SeriesKey(String asset, String horizon) {
    }

    /** What the tables describe: outcomes with seq up to {@code seq} and forecast time in [start, end] (empty if start > end). */
    record State(long seq, long start, long end) {
        static final State EMPTY = new State(0, 1, 0);

        boolean contains(long ts) {
            return ts >= start && ts <= end;
        }
    }

    /** The difference a run applies. */
    private static final class Delta {
        final State from;
        final State to;
        final Map<GroupKey, GroupStats> groups = new HashMap<>();
        final Map<PairKey, PairStats> pairs = new HashMap<>();
        int added;
        int removed;

        Delta(State from, State to) {
            this.from = from;
            this.to = to;
        }

        void add(OutcomeRow r, int sign) {
            groups.computeIfAbsent(new GroupKey(r.producer(), r.asset(), r.horizon(), r.regime()), k -> new GroupStats())
                    .add(r, sign);
            if (!ALL_REGIMES.equals(r.regime())) {
                groups.computeIfAbsent(new GroupKey(r.producer(), r.asset(), r.horizon(), ALL_REGIMES),
                        k -> new GroupStats()).add(r, sign);
            }
            if (sign > 0) {
                added++;
            } else {
                removed++;
            }
        }

        /** Counts an episode's pairs: the latest call of each producer, producers in name order. */
        void episode(Collection<OutcomeRow> rows, Predicate<OutcomeRow> member, int sign) {
            TreeMap<String, OutcomeRow> latest = new TreeMap<>();
            String asset = null;
            String horizon = null;
            for (OutcomeRow r : rows) {
                if (member.test(r)) {
                    latest.merge(r.producer(), r, (x, y) -> y.laterThan(x) ? y : x);
                    asset = r.asset();
                    horizon = r.horizon();
                }
            }
            if (latest.size() < 2) {
                return;
            }
            List<OutcomeRow> calls = new ArrayList<>(latest.values());
            for (int i = 0; i < calls.size(); i++) {
                for (int j = i + 1; j < calls.size(); j++) {
                    OutcomeRow a = calls.get(i);
                    OutcomeRow b = calls.get(j);
                    pairs.computeIfAbsent(new PairKey(asset, horizon, a.producer(), b.producer()), k -> new PairStats())
                            .add(a, b, sign);
                }
            }
        }
    }

    @Override
    public AggregationRun update(Instant asOf) {
        running.lock();
        try {
            for (int attempt = 0; ; attempt++) {
                Delta d = compute(asOf);
                if (commit(d)) {
                    AggregationRun run = new AggregationRun(asOf, d.added, d.groups.size(), d.pairs.size());
                    LOG.info("aggregator run at {}: {} outcomes in, {} out, {} groups and {} pairs updated", asOf, d.added,
                            d.removed, d.groups.size(), d.pairs.size());
                    return run;
                }
                if (attempt == 2) {
                    throw new IllegalStateException("the aggregator's tables kept changing under the run; try again");
                }
            }
        } finally {
            running.unlock();
        }
    }

    /** @return which outcomes the tables describe now */
    State state() {
        return readState();
    }

    /** Forgets every statistic and recomputes them from all stored outcomes: the reference for the incremental path. */
    AggregationRun rebuild(Instant asOf) {
        running.lock();
        try {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM producer_performance");
                    s.executeUpdate("DELETE FROM producer_correlation");
                    s.executeUpdate("DELETE FROM forecast_aggregator_state");
                }
                return null;
            });
            return update(asOf);
        } finally {
            running.unlock();
        }
    }

    // ---- computing the difference ---------------------------------------------------------------

    private Delta compute(Instant asOf) {
        State from = readState();
        long end = Times.micros(asOf);
        long maxSeq = db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(seq) FROM forecast_outcomes")) {
                r.next();
                return r.getLong(1);
            }
        });
        State to = new State(Math.max(maxSeq, from.seq()), end - Times.micros(window), end);
        Delta d = new Delta(from, to);
        Map<String, String> names = new HashMap<>();
        boolean fresh = from.seq() == 0;
        // With nothing counted yet, the new outcomes are every outcome there is: their episodes can
        // be counted from them directly instead of being read again.
        List<OutcomeRow> all = fresh ? new ArrayList<>() : null;
        Map<SeriesKey, TreeSet<Long>> touched = new HashMap<>();
        Consumer<OutcomeRow> mark = r -> touched.computeIfAbsent(new SeriesKey(r.asset(), r.horizon()), k -> new TreeSet<>())
                .add(Math.floorDiv(r.ts(), EPISODE_MICROS));

        for (OutcomeRow r : readNew(from.seq(), to.seq(), to)) {
            d.add(r, 1);
            if (fresh) {
                all.add(r);
            } else {
                mark.accept(r);
            }
        }
        if (!fresh) {
            for (long[] part : minus(to, from)) {
                scanTimes(part[0], part[1], from.seq(), names, r -> {
                    d.add(r, 1);
                    mark.accept(r);
                });
            }
            for (long[] part : minus(from, to)) {
                scanTimes(part[0], part[1], from.seq(), names, r -> {
                    d.add(r, -1);
                    mark.accept(r);
                });
            }
        }
        if (fresh) {
            Map<EpisodeKey, List<OutcomeRow>> episodes = new HashMap<>();
            for (OutcomeRow r : all) {
                episodes.computeIfAbsent(new EpisodeKey(r.asset(), r.horizon(), Math.floorDiv(r.ts(), EPISODE_MICROS)),
                        k -> new ArrayList<>(4)).add(r);
            }
            for (List<OutcomeRow> rows : episodes.values()) {
                d.episode(rows, r -> true, 1);
            }
        } else {
            recountEpisodes(d, touched, names);
        }
        d.groups.values().removeIf(GroupStats::isZero);
        d.pairs.values().removeIf(PairStats::isZero);
        return d;
    }

    /**
     * Recounts the touched episodes: each one's pairs as they were counted, out, and as they are
     * now, in. The touched 2-hour buckets of every series are read together, a run of adjacent
     * buckets in one range of forecast time, so a run costs a few index ranges however many
     * assets and horizons it touches.
     */
    private void recountEpisodes(Delta d, Map<SeriesKey, TreeSet<Long>> touched, Map<String, String> names) {
        State from = d.from;
        State to = d.to;
        TreeSet<Long> buckets = new TreeSet<>();
        touched.values().forEach(buckets::addAll);
        List<long[]> ranges = new ArrayList<>();
        for (long b : buckets) {
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && b == last[1] + 1) {
                last[1] = b;
            } else {
                ranges.add(new long[] {b, b});
            }
        }
        Map<EpisodeKey, List<OutcomeRow>> episodes = new HashMap<>();
        for (long[] range : ranges) {
            db.read(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM forecast_outcomes"
                        + " WHERE forecast_ts >= ? AND forecast_ts < ? AND seq <= ?")) {
                    p.setObject(1, Times.timestamp(range[0] * EPISODE_MICROS));
                    p.setObject(2, Times.timestamp((range[1] + 1) * EPISODE_MICROS));
                    p.setLong(3, to.seq());
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            OutcomeRow row = row(r, names);
                            long bucket = Math.floorDiv(row.ts(), EPISODE_MICROS);
                            TreeSet<Long> mine = touched.get(new SeriesKey(row.asset(), row.horizon()));
                            if (mine != null && mine.contains(bucket)) {
                                episodes.computeIfAbsent(new EpisodeKey(row.asset(), row.horizon(), bucket),
                                        k -> new ArrayList<>(8)).add(row);
                            }
                        }
                    }
                }
                return null;
            });
        }
        for (List<OutcomeRow> rows : episodes.values()) {
            d.episode(rows, r -> r.seq() <= from.seq() && from.contains(r.ts()), -1);
            d.episode(rows, r -> to.contains(r.ts()), 1);
        }
    }

    /** @return the parts of window a outside window b, as inclusive [from, to] ranges */
    static List<long[]> minus(State a, State b) {
        List<long[]> out = new ArrayList<>(2);
        if (a.start() > a.end()) {
            return out;
        }
        if (b.start() > b.end() || b.end() < a.start() || b.start() > a.end()) {
            out.add(new long[] {a.start(), a.end()});
            return out;
        }
        if (a.start() < b.start()) {
            out.add(new long[] {a.start(), b.start() - 1});
        }
        if (a.end() > b.end()) {
            out.add(new long[] {b.end() + 1, a.end()});
        }
        return out;
    }

    /** Reads the outcomes with seq in (after, upTo] and forecast time in the window. */
    private List<OutcomeRow> readNew(long after, long upTo, State window) {
        List<OutcomeRow> rows = new ArrayList<>();
        scanNew(after, upTo, new HashMap<>(), r -> {
            if (window.contains(r.ts())) {
                rows.add(r);
            }
        });
        return rows;
    }

    /** Reads outcomes with seq in (after, upTo], a page at a time so the store never holds them all at once. */
    private void scanNew(long after, long upTo, Map<String, String> names, Consumer<OutcomeRow> each) {
        long cursor = after;
        while (cursor < upTo) {
            long start = cursor;
            long last = db.read(c -> {
                long seen = -1;
                try (PreparedStatement p = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM forecast_outcomes"
                        + " WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT " + SCAN_PAGE)) {
                    p.setLong(1, start);
                    p.setLong(2, upTo);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            OutcomeRow row = row(r, names);
                            seen = row.seq();
                            each.accept(row);
                        }
                    }
                }
                return seen;
            });
            if (last < 0) {
                break;
            }
            cursor = last;
        }
    }

    /** Reads outcomes with seq up to {@code upTo} and forecast time in [from, to], a day at a time. */
    private void scanTimes(long from, long to, long upTo, Map<String, String> names, Consumer<OutcomeRow> each) {
        for (long sliceStart = from; sliceStart <= to; sliceStart += SLICE_MICROS) {
            long a = sliceStart;
            long b = Math.min(to, sliceStart + SLICE_MICROS - 1);
            db.read(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM forecast_outcomes"
                        + " WHERE forecast_ts >= ? AND forecast_ts <= ? AND seq <= ?")) {
                    p.setObject(1, Times.timestamp(a));
                    p.setObject(2, Times.timestamp(b));
                    p.setLong(3, upTo);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            each.accept(row(r, names));
                        }
                    }
                }
                return null;
            });
            if (b == to) {
                break;
            }
        }
    }

    private static OutcomeRow row(ResultSet r, Map<String, String> names) throws SQLException {
        return new OutcomeRow(r.getLong(1), intern(names, r.getString(2)), intern(names, r.getString(3)),
                intern(names, r.getString(4)), intern(names, r.getString(5)),
                Times.micros(r.getObject(6, LocalDateTime.class)), r.getLong(7), OutcomeRow.action(r.getString(8)),
                r.getBoolean(9), r.getDouble(10), r.getDouble(11), r.getDouble(12));
    }

    /** One instance per distinct name within a read: smaller rows, and map keys that compare by identity first. */
    private static String intern(Map<String, String> names, String s) {
        String known = names.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    // ---- applying it ---------------------------------------------------------------------------

    /** @return false when another run changed the tables since this one read their state */
    private boolean commit(Delta d) {
        return db.inTransaction(c -> {
            State now = readState(c);
            if (!Objects.equals(now, d.from)) {
                return false;
            }
            LocalDateTime at = Times.timestamp(Instant.now());
            writeGroups(c, d.groups, at);
            writePairs(c, d.pairs, at);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM forecast_aggregator_state");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO forecast_aggregator_state (id, outcome_seq,"
                    + " window_start, window_end, updated_at) VALUES (1, ?, ?, ?, ?)")) {
                p.setLong(1, d.to.seq());
                p.setObject(2, Times.timestamp(d.to.start()));
                p.setObject(3, Times.timestamp(d.to.end()));
                p.setObject(4, at);
                p.executeUpdate();
            }
            return true;
        });
    }

    private static final String GROUP_STATS = "forecast_count, wins, sum_brier, sum_log_score, sum_confidence,"
            + " sum_confidence_sq, sum_confidence_win, bin_counts, bin_confidence, bin_wins";
    private static final int GROUP_STAT_COLUMNS = 10;

    /** The columns of a {@code producer_performance} row after its key, in {@link #fillGroup} order. */
    private static final String GROUP_VALUES = GROUP_STATS + ", win_rate, wilson_low, wilson_high, avg_brier,"
            + " avg_log_score, avg_confidence, confidence_correlation, brier_reliability, brier_resolution,"
            + " brier_uncertainty, updated_at";
    private static final String GROUP_KEY = "producer_id = ? AND asset = ? AND horizon = ? AND regime = ?";

    /**
     * Adds the deltas to the stored rows: a row that exists is updated in place, a new one
     * inserted, one whose count falls to zero deleted.
     */
    private void writeGroups(Connection c, Map<GroupKey, GroupStats> deltas, LocalDateTime at) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement find = c.prepareStatement("SELECT " + GROUP_STATS + " FROM producer_performance WHERE "
                + GROUP_KEY);
                RowBatches rows = new RowBatches(c, "producer_performance", "producer_id, asset, horizon, regime",
                        GROUP_KEY, GROUP_VALUES, GROUP_STAT_COLUMNS + 11)) {
            for (Map.Entry<GroupKey, GroupStats> e : deltas.entrySet()) {
                GroupKey k = e.getKey();
                GroupStats current = new GroupStats();
                setKey(find, 1, k);
                boolean exists;
                try (ResultSet r = find.executeQuery()) {
                    exists = r.next();
                    if (exists) {
                        readGroup(r, 1, current);
                    }
                }
                current.add(e.getValue());
                current.clearResidue();
                if (current.n < 0) {
                    throw new IllegalStateException("group " + k + " would count " + current.n + " outcomes");
                }
                rows.add(exists, current.n == 0, (p, i) -> setKey(p, i, k), (p, i) -> fillGroup(c, p, i, k, current, at));
            }
            rows.execute();
        }
    }

    /** Sets the {@link #GROUP_VALUES} of a group from parameter {@code at} on. */
    private static void fillGroup(Connection c, PreparedStatement p, int at, GroupKey k, GroupStats current,
            LocalDateTime ts) throws SQLException {
        writeGroup(c, p, at, current);
        ProducerPerformance perf = current.toPerformance(k.producer(), k.asset(), k.horizon(), k.regime());
        int i = at + GROUP_STAT_COLUMNS;
        p.setObject(i++, perf.winRate());
        p.setObject(i++, perf.wilsonLow());
        p.setObject(i++, perf.wilsonHigh());
        p.setDouble(i++, perf.meanBrier());
        p.setDouble(i++, perf.meanLogScore());
        p.setDouble(i++, perf.meanConfidence());
        p.setObject(i++, perf.confidenceCorrelation());
        p.setDouble(i++, perf.brierReliability());
        p.setDouble(i++, perf.brierResolution());
        p.setDouble(i++, perf.brierUncertainty());
        p.setObject(i, ts);
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Sets some of a statement's parameters, from parameter {@code at} on. */
    @FunctionalInterface
    private interface Params {
        void set(PreparedStatement p, int at) throws SQLException;
    }

    /**
     * Batches of changes to a statistics table whose key is its first four columns: a row that
     * exists is updated in place, a new one inserted, one that has become empty deleted.
     */
    private static final class RowBatches implements AutoCloseable {
        private final PreparedStatement delete;
        private final PreparedStatement update;
        private final PreparedStatement insert;
        private final int valueCount;
        private int deletes;
        private int updates;
        private int inserts;

        RowBatches(Connection c, String table, String keyColumns, String keyClause, String valueColumns, int valueCount)
                throws SQLException {
            this.valueCount = valueCount;
            delete = c.prepareStatement("DELETE FROM " + table + " WHERE " + keyClause);
            PreparedStatement u = null;
            try {
                u = c.prepareStatement("UPDATE " + table + " SET (" + valueColumns + ") = (" + marks(valueCount)
                        + ") WHERE " + keyClause);
                insert = c.prepareStatement("INSERT INTO " + table + " (" + keyColumns + ", " + valueColumns
                        + ") VALUES (" + marks(4 + valueCount) + ")");
            } catch (SQLException e) {
                try (delete; PreparedStatement unused = u) {
                    throw e;
                }
            }
            update = u;
        }

        void add(boolean exists, boolean empty, Params key, Params values) throws SQLException {
            if (empty) {
                if (exists) {
                    key.set(delete, 1);
                    delete.addBatch();
                    deletes++;
                }
            } else if (exists) {
                values.set(update, 1);
                key.set(update, 1 + valueCount);
                update.addBatch();
                updates++;
            } else {
                key.set(insert, 1);
                values.set(insert, 5);
                insert.addBatch();
                inserts++;
            }
        }

        void execute() throws SQLException {
            Sqls.executeBatch(delete, deletes);
            Sqls.executeBatch(update, updates);
            Sqls.executeBatch(insert, inserts);
        }

        @Override
        public void close() throws SQLException {
            try (delete; update; insert) {
                // closes the three
            }
        }
    }

    private static void setKey(PreparedStatement p, int at, GroupKey k) throws SQLException {
        p.setString(at, k.producer());
        p.setString(at + 1, k.asset());
        p.setString(at + 2, k.horizon());
        p.setString(at + 3, k.regime());
    }

    private static void readGroup(ResultSet r, int at, GroupStats g) throws SQLException {
        g.n = r.getLong(at);
        g.wins = r.getLong(at + 1);
        g.sumBrier = r.getDouble(at + 2);
        g.sumLog = r.getDouble(at + 3);
        g.sumConf = r.getDouble(at + 4);
        g.sumConf2 = r.getDouble(at + 5);
        g.sumConfWin = r.getDouble(at + 6);
        Object[] counts = (Object[]) r.getArray(at + 7).getArray();
        Object[] conf = (Object[]) r.getArray(at + 8).getArray();
        Object[] wins = (Object[]) r.getArray(at + 9).getArray();
        for (int k = 0; k < GroupStats.BINS; k++) {
            g.binN[k] = ((Number) counts[k]).longValue();
            g.binConf[k] = ((Number) conf[k]).doubleValue();
            g.binWins[k] = ((Number) wins[k]).longValue();
        }
    }

    private static void writeGroup(Connection c, PreparedStatement p, int at, GroupStats g) throws SQLException {
        p.setLong(at, g.n);
        p.setLong(at + 1, g.wins);
        p.setDouble(at + 2, g.sumBrier);
        p.setDouble(at + 3, g.sumLog);
        p.setDouble(at + 4, g.sumConf);
        p.setDouble(at + 5, g.sumConf2);
        p.setDouble(at + 6, g.sumConfWin);
        Long[] counts = new Long[GroupStats.BINS];
        Double[] conf = new Double[GroupStats.BINS];
        Long[] wins = new Long[GroupStats.BINS];
        for (int k = 0; k < GroupStats.BINS; k++) {
            counts[k] = g.binN[k];
            conf[k] = g.binConf[k];
            wins[k] = g.binWins[k];
        }
        p.setArray(at + 7, c.createArrayOf("BIGINT", counts));
        p.setArray(at + 8, c.createArrayOf("DOUBLE", conf));
        p.setArray(at + 9, c.createArrayOf("BIGINT", wins));
    }

    /** The columns of a {@code producer_correlation} row after its key, in {@link #fillPair} order. */
    private static final String PAIR_VALUES = "sample_count, calls, agree_wins, disagree_wins_a, disagree_wins_b,"
            + " agreement_rate, kappa, agreement_win_rate, disagreement_win_rate_a, disagreement_win_rate_b, updated_at";
    private static final int PAIR_VALUE_COLUMNS = 11;
    private static final String PAIR_KEY = "asset = ? AND horizon = ? AND producer_a = ? AND producer_b = ?";

    /** As {@link #writeGroups}, for the pairs. */
    private void writePairs(Connection c, Map<PairKey, PairStats> deltas, LocalDateTime at) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement find = c.prepareStatement("SELECT calls, agree_wins, disagree_wins_a, disagree_wins_b"
                + " FROM producer_correlation WHERE " + PAIR_KEY);
                RowBatches rows = new RowBatches(c, "producer_correlation", "asset, horizon, producer_a, producer_b",
                        PAIR_KEY, PAIR_VALUES, PAIR_VALUE_COLUMNS)) {
            for (Map.Entry<PairKey, PairStats> e : deltas.entrySet()) {
                PairKey k = e.getKey();
                PairStats current = new PairStats();
                setKey(find, 1, k);
                boolean exists;
                try (ResultSet r = find.executeQuery()) {
                    exists = r.next();
                    if (exists) {
                        readPair(r, 1, current);
                    }
                }
                current.add(e.getValue());
                if (current.samples() < 0) {
                    throw new IllegalStateException("pair " + k + " would count " + current.samples() + " episodes");
                }
                rows.add(exists, current.samples() == 0, (p, i) -> setKey(p, i, k),
                        (p, i) -> fillPair(c, p, i, k, current, at));
            }
            rows.execute();
        }
    }

    /** Sets the {@link #PAIR_VALUES} of a pair from parameter {@code at} on. */
    private static void fillPair(Connection c, PreparedStatement p, int at, PairKey k, PairStats current,
            LocalDateTime ts) throws SQLException {
        ProducerCorrelation pc = current.toCorrelation(k.asset(), k.horizon(), k.a(), k.b());
        Long[] calls = new Long[9];
        for (int i = 0; i < 9; i++) {
            calls[i] = current.calls[i];
        }
        int i = at;
        p.setLong(i++, pc.sampleCount());
        p.setArray(i++, c.createArrayOf("BIGINT", calls));
        p.setLong(i++, current.agreeWins);
        p.setLong(i++, current.disagreeWinsA);
        p.setLong(i++, current.disagreeWinsB);
        p.setDouble(i++, pc.agreementRate());
        p.setObject(i++, pc.kappa());
        p.setObject(i++, pc.agreementWinRate());
        p.setObject(i++, pc.disagreementWinRateA());
        p.setObject(i++, pc.disagreementWinRateB());
        p.setObject(i, ts);
    }

    private static void setKey(PreparedStatement p, int at, PairKey k) throws SQLException {
        p.setString(at, k.asset());
        p.setString(at + 1, k.horizon());
        p.setString(at + 2, k.a());
        p.setString(at + 3, k.b());
    }

    private static void readPair(ResultSet r, int at, PairStats s) throws SQLException {
        Object[] calls = (Object[]) r.getArray(at).getArray();
        for (int i = 0; i < 9; i++) {
            s.calls[i] = ((Number) calls[i]).longValue();
        }
        s.agreeWins = r.getLong(at + 1);
        s.disagreeWinsA = r.getLong(at + 2);
        s.disagreeWinsB = r.getLong(at + 3);
    }

    // ---- state ----------------------------------------------------------------------------------

    private State readState() {
        return db.read(IncrementalAggregator::readState);
    }

    private static State readState(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT outcome_seq, window_start, window_end FROM forecast_aggregator_state"
                        + " WHERE id = 1")) {
            if (!r.next()) {
                return State.EMPTY;
            }
            return new State(r.getLong(1), Times.micros(r.getObject(2, LocalDateTime.class)),
                    Times.micros(r.getObject(3, LocalDateTime.class)));
        }
    }

    // ---- reading --------------------------------------------------------------------------------

    @Override
    public List<ProducerPerformance> performance(String producerId, String asset, String horizon) {
        StringBuilder sql = new StringBuilder("SELECT producer_id, asset, horizon, regime, " + GROUP_STATS
                + " FROM producer_performance WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        filter(sql, args, "producer_id", producerId == null ? null : producerId.trim());
        filter(sql, args, "asset", asset == null ? null : asset.trim().toUpperCase(Locale.ROOT));
        filter(sql, args, "horizon", horizon == null ? null : horizon.trim().toLowerCase(Locale.ROOT));
        sql.append(" ORDER BY producer_id, asset, horizon, regime");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    p.setString(i + 1, args.get(i));
                }
                List<ProducerPerformance> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        GroupStats g = new GroupStats();
                        readGroup(r, 5, g);
                        out.add(g.toPerformance(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<ProducerCorrelation> correlation(String asset, String horizon) {
        StringBuilder sql = new StringBuilder("SELECT asset, horizon, producer_a, producer_b, calls, agree_wins,"
                + " disagree_wins_a, disagree_wins_b FROM producer_correlation WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        filter(sql, args, "asset", asset == null ? null : asset.trim().toUpperCase(Locale.ROOT));
        filter(sql, args, "horizon", horizon == null ? null : horizon.trim().toLowerCase(Locale.ROOT));
        sql.append(" ORDER BY asset, horizon, producer_a, producer_b");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    p.setString(i + 1, args.get(i));
                }
                List<ProducerCorrelation> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        PairStats s = new PairStats();
                        readPair(r, 5, s);
                        out.add(s.toCorrelation(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    private static void filter(StringBuilder sql, List<String> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }
}
