package learning.forecast.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.ConflictException;
import learning.api.ValidationException;
import learning.api.event.AppendResult;
import learning.api.event.Event;
import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.forecast.OutcomeResolver;
import learning.api.forecast.ResolutionRun;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.Horizon;
import learning.api.ledger.InputLedger;
import learning.api.ledger.PriceBar;
import learning.api.price.PriceSource;
import learning.api.store.LearningDatabase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves elapsed forecasts against prices, exactly once per forecast.
 *
 * <p>A run reads due forecasts from the ledger's {@code forecasts} table a page at a time in target
 * order, answers each asset's page from one in-memory series of that asset's bars (loaded once per
 * run and extended forward), asks the remote sources only for the times the local bars cannot
 * answer, and writes each chunk's outcome events, resolution states and outcome rows in one
 * transaction. A forecast is skipped once it has a resolution state, so a run that dies part way
 * leaves whole chunks behind and the next run carries on; the event's dedupe key covers the rest.
 *
 * <p>Progress (the last forecast event seen and a target-time watermark below which everything is
 * settled) keeps a run's cost proportional to what is new or still waiting for prices, not to the
 * whole history.
 */
class DefaultOutcomeResolver implements OutcomeResolver {
    static final String SOURCE = "brain.outcome_resolver";
    static final String RESOLVED = "resolved";
    static final String UNRESOLVABLE = "unresolvable";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultOutcomeResolver.class);
    private static final long CLUSTER_GAP_MICROS = 30L * 86_400 * Times.MICROS_PER_SECOND;
    private static final String COLUMNS = "f.forecast_id, f.event_id, f.event_seq, f.asset, f.horizon, f.action,"
            + " f.confidence, f.producer_id, f.regime_tag, f.ts, f.target_ts";
    private static final String UNSETTLED = " AND f.action <> 'no_forecast' AND NOT EXISTS (SELECT 1 FROM"
            + " forecast_resolution_state s WHERE s.forecast_event_id = f.event_id)";

    private final LearningDatabase db;
    private final EventLog events;
    private final InputLedger ledger;
    private final Supplier<List<PriceSource>> sources;
    private final ReentrantLock running = new ReentrantLock();
    private volatile ResolverSettings settings;

    /**
     * @param db the database
     * @param events the event log
     * @param ledger the input ledger, where bars from remote sources are stored
     * @param sources the price sources, best-ranked first
     * @param settings the settings
     */
    DefaultOutcomeResolver(LearningDatabase db, EventLog events, InputLedger ledger,
            Supplier<List<PriceSource>> sources, ResolverSettings settings) {
        this.db = db;
        this.events = events;
        this.ledger = ledger;
        this.sources = sources;
        this.settings = settings;
        ForecastTables.migrate(db);
    }

    void configure(ResolverSettings s) {
        settings = s;
    }

    ResolverSettings settings() {
        return settings;
    }

    @Override
    public ResolutionRun resolveDue(Instant asOf) {
        // One run at a time: two runs would resolve the same forecasts and meet at the dedupe keys.
        running.lock();
        try {
            return new Run(asOf, settings, sources.get()).execute();
        } finally {
            running.unlock();
        }
    }

    /** A due forecast as read from the ledger. */
    record Candidate(String forecastId, String eventId, long eventSeq, String asset, String horizon, ForecastAction action,
            double confidence, String producerId, String regime, long ts, long target) {
    }

    /** A settled forecast: resolved with prices, or given up (prices NaN). */
    record Settled(Candidate forecast, double forecastPrice, double actualPrice) {
        boolean resolved() {
            return !Double.isNaN(forecastPrice);
        }
    }

    private record Progress(long forecastSeq, Long targetWatermark) {
    }

    /** One run: its instant, settings and the caches it builds. */
    private final class Run {
        final Instant asOf;
        final long asOfMicros;
        final long cutoff;
        final long giveUpBefore;
        final long hardGiveUpBefore;
        final ResolverSettings s;
        final List<PriceSource> chain = new ArrayList<>();
        final Map<String, LocalSeries> local = new HashMap<>();
        final Map<String, long[]> asked = new HashMap<>();
        final Set<String> transientAssets = new HashSet<>();
        final Map<String, Long> intervals = new HashMap<>();
        int resolved;
        int missing;
        int unresolvable;
        long minPendingTarget = Long.MAX_VALUE;

        Run(Instant asOf, ResolverSettings s, List<PriceSource> all) {
            this.asOf = asOf;
            this.s = s;
            this.asOfMicros = Times.micros(asOf);
            this.cutoff = asOfMicros - Times.micros(s.buffer());
            long giveUp = Times.micros(s.unresolvableAfter());
            this.giveUpBefore = asOfMicros - giveUp;
            // A source that keeps failing must not keep forecasts waiting for ever either.
            this.hardGiveUpBefore = asOfMicros - 2 * giveUp;
            for (PriceSource p : all) {
                // The local bars are read here directly, set-based; asking the service again adds nothing.
                if (!(p instanceof LocalBarsPriceSource)) {
                    chain.add(p);
                }
            }
        }

        ResolutionRun execute() {
            Progress progress = readProgress();
            long seqNow = db.read(c -> {
                try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT MAX(seq) FROM events")) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            });
            if (progress.targetWatermark() != null) {
                long bound = Math.min(progress.targetWatermark(), cutoff);
                List<Candidate> late = lateArrivals(progress.forecastSeq(), seqNow, bound);
                if (!late.isEmpty()) {
                    LOG.info("resolver: {} forecasts arrived after their target time had been passed", late.size());
                    process(late);
                }
            }
            Long lower = progress.targetWatermark();
            while (true) {
                Page page = readPage(lower);
                if (!page.rows.isEmpty()) {
                    process(page.rows);
                }
                if (page.last) {
                    break;
                }
                lower = page.nextLower;
            }
            long watermark = minPendingTarget == Long.MAX_VALUE ? cutoff : Math.min(cutoff, minPendingTarget - 1);
            writeProgress(seqNow, watermark);
            ResolutionRun run = new ResolutionRun(asOf, resolved, missing, unresolvable);
            LOG.info("resolver run at {}: {} resolved, {} waiting for prices, {} given up", asOf, resolved, missing,
                    unresolvable);
            return run;
        }

        // ---- reading due forecasts ---------------------------------------------------------------

        private record Page(List<Candidate> rows, boolean last, Long nextLower) {
        }

        /**
         * Reads the next page of due, unsettled forecasts with target in (lower, cutoff], oldest
         * target first. A full page is cut before its last target time, so the next page can start
         * strictly after a target time without losing forecasts that share it.
         */
        Page readPage(Long lower) {
            int size = s.pageSize();
            List<Candidate> rows = db.read(c -> query(c, "SELECT " + COLUMNS + " FROM forecasts f WHERE"
                    + (lower == null ? "" : " f.target_ts > ? AND") + " f.target_ts <= ?" + UNSETTLED
                    + " ORDER BY f.target_ts LIMIT " + size, lower == null ? new Object[] {Times.timestamp(cutoff)}
                            : new Object[] {Times.timestamp(lower), Times.timestamp(cutoff)}));
            if (rows.size() < size) {
                return new Page(rows, true, null);
            }
            long lastTarget = rows.get(rows.size() - 1).target();
            int keep = rows.size();
            while (keep > 0 && rows.get(keep - 1).target() == lastTarget) {
                keep--;
            }
            if (keep == 0) {
                // A whole page shares one target time: take every forecast with that target at once.
                List<Candidate> same = db.read(c -> query(c, "SELECT " + COLUMNS + " FROM forecasts f WHERE"
                        + " f.target_ts = ?" + UNSETTLED, new Object[] {Times.timestamp(lastTarget)}));
                return new Page(same, lastTarget >= cutoff, lastTarget);
            }
            return new Page(new ArrayList<>(rows.subList(0, keep)), false, rows.get(keep - 1).target());
        }

        /**
         * Forecasts stored since the last run whose target time had already been passed by the
         * watermark (back-filled history): the page reads start above the watermark and would not
         * see them. The events' own index finds the new forecast events; their time column rules
         * out every forecast made after the watermark without a lookup.
         */
        List<Candidate> lateArrivals(long fromSeqExclusive, long toSeqInclusive, long targetBound) {
            if (toSeqInclusive <= fromSeqExclusive) {
                return List.of();
            }
            return db.read(c -> {
                List<String> ids = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement("SELECT dedupe_key FROM events WHERE type = ?"
                        + " AND seq > ? AND seq <= ? AND ts <= ?")) {
                    p.setString(1, EventTypes.FORECAST);
                    p.setLong(2, fromSeqExclusive);
                    p.setLong(3, toSeqInclusive);
                    p.setObject(4, Times.timestamp(targetBound));
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            String key = r.getString(1);
                            if (key != null && key.startsWith("forecast.v1:")) {
                                ids.add(key.substring("forecast.v1:".length()));
                            }
                        }
                    }
                }
                List<Candidate> out = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM forecasts f WHERE"
                        + " f.forecast_id = ? AND f.target_ts <= ?" + UNSETTLED)) {
                    for (String id : ids) {
                        p.setString(1, id);
                        p.setObject(2, Times.timestamp(targetBound));
                        try (ResultSet r = p.executeQuery()) {
                            while (r.next()) {
                                out.add(candidate(r));
                            }
                        }
                    }
                }
                return out;
            });
        }

        // ---- resolving ------------------------------------------------------------------------

        void process(List<Candidate> rows) {
            Map<String, List<Candidate>> byAsset = new LinkedHashMap<>();
            for (Candidate c : rows) {
                byAsset.computeIfAbsent(c.asset(), k -> new ArrayList<>()).add(c);
            }
            List<Settled> settled = new ArrayList<>(rows.size());
            for (Map.Entry<String, List<Candidate>> e : byAsset.entrySet()) {
                resolveAsset(e.getKey(), e.getValue(), settled);
            }
            // Written in forecast order: the state's key (the forecast event id grows with the
            // event sequence) and the outcome indexes then grow at their ends instead of being
            // updated all over, which on cached tables costs a page visit per level each.
            settled.sort(java.util.Comparator.comparingLong(st -> st.forecast().eventSeq()));
            for (int from = 0; from < settled.size(); from += s.chunkSize()) {
                write(settled.subList(from, Math.min(settled.size(), from + s.chunkSize())));
            }
        }

        void resolveAsset(String asset, List<Candidate> forecasts, List<Settled> settled) {
            long from = Long.MAX_VALUE;
            long to = Long.MIN_VALUE;
            for (Candidate c : forecasts) {
                from = Math.min(from, c.ts());
                to = Math.max(to, c.target());
            }
            LocalSeries series = local.computeIfAbsent(asset, a -> new LocalSeries(a, s.minTolerance()));
            series.ensure(from, to);
            int n = forecasts.size();
            double[] atForecast = new double[n];
            double[] atTarget = new double[n];
            List<Long> gaps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Candidate c = forecasts.get(i);
                atForecast[i] = series.prices.priceAt(c.ts());
                atTarget[i] = series.prices.priceAt(c.target());
                if (Double.isNaN(atForecast[i])) {
                    gaps.add(c.ts());
                }
                if (Double.isNaN(atTarget[i])) {
                    gaps.add(c.target());
                }
            }
            if (!gaps.isEmpty() && !chain.isEmpty()) {
                askRemote(asset, series, gaps);
                for (int i = 0; i < n; i++) {
                    Candidate c = forecasts.get(i);
                    if (Double.isNaN(atForecast[i])) {
                        atForecast[i] = series.prices.priceAt(c.ts());
                    }
                    if (Double.isNaN(atTarget[i])) {
                        atTarget[i] = series.prices.priceAt(c.target());
                    }
                }
            }
            boolean failedNow = transientAssets.contains(asset);
            for (int i = 0; i < n; i++) {
                Candidate c = forecasts.get(i);
                if (!Double.isNaN(atForecast[i]) && !Double.isNaN(atTarget[i])) {
                    settled.add(new Settled(c, atForecast[i], atTarget[i]));
                } else if (c.target() < giveUpBefore && (!failedNow || c.target() < hardGiveUpBefore)) {
                    settled.add(new Settled(c, Double.NaN, Double.NaN));
                } else {
                    missing++;
                    minPendingTarget = Math.min(minPendingTarget, c.target());
                }
            }
        }

        /**
         * Asks the sources after the local bars, best-ranked first, for the ranges around the times
         * the local bars cannot answer: times less than 30 days apart share one range, so a batch
         * of one asset costs as few requests as its range needs. Bars from remote sources are
         * stored through the ledger before they are used, so a later run finds them locally and
         * gives the same answer.
         */
        void askRemote(String asset, LocalSeries series, List<Long> times) {
            long[] sorted = times.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
            long lookback = Times.micros(s.remoteLookback());
            for (int k = 0; k < chain.size(); k++) {
                PriceSource source = chain.get(k);
                List<long[]> ranges = new ArrayList<>();
                int start = 0;
                for (int i = 0; i <= sorted.length; i++) {
                    if (i == sorted.length || i > start && sorted[i] - sorted[i - 1] > CLUSTER_GAP_MICROS) {
                        // only times still unanswered need asking
                        long first = Long.MAX_VALUE;
                        long last = Long.MIN_VALUE;
                        for (int j = start; j < i; j++) {
                            if (Double.isNaN(series.prices.priceAt(sorted[j]))) {
                                first = Math.min(first, sorted[j]);
                                last = Math.max(last, sorted[j]);
                            }
                        }
                        if (first <= last) {
                            ranges.add(new long[] {first - lookback, last});
                        }
                        start = i;
                    }
                }
                for (long[] range : ranges) {
                    long[] todo = notAskedYet(k, asset, range);
                    if (todo != null) {
                        fetch(source, asset, series, todo[0], todo[1]);
                    }
                }
            }
        }

        /** @return the part of the range this source has not been asked for in this run, or null */
        long[] notAskedYet(int sourceIndex, String asset, long[] range) {
            String key = sourceIndex + "\u0000" + asset;
            long[] done = asked.get(key);
            long from = range[0];
            long to = range[1];
            if (done != null) {
                if (from >= done[0] && to <= done[1]) {
                    return null;
                }
                if (from >= done[0] && from <= done[1]) {
                    from = done[1] + 1;
                }
            }
            if (done != null && from <= done[1] + 1 && to >= done[0] - 1) {
                asked.put(key, new long[] {Math.min(done[0], from), Math.max(done[1], to)});
            } else {
                asked.put(key, new long[] {from, to});
            }
            return new long[] {from, to};
        }

        void fetch(PriceSource source, String asset, LocalSeries series, long from, long to) {
            long failuresBefore = source instanceof TransientFailures t ? t.transientFailures() : 0;
            List<PriceBar> bars;
            try {
                bars = source.bars(asset, Times.instant(from), Times.instant(to));
            } catch (RuntimeException e) {
                LOG.warn("resolver: price source {} failed for {}: {}", safeName(source), asset, e.toString());
                transientAssets.add(asset);
                return;
            }
            if (source instanceof TransientFailures t && t.transientFailures() != failuresBefore) {
                transientAssets.add(asset);
            }
            List<PriceBar> fresh = new ArrayList<>();
            for (PriceBar b : bars == null ? List.<PriceBar>of() : bars) {
                if (b == null || b.closeTime() == null || b.openTime() == null || b.interval() == null
                        || !asset.equalsIgnoreCase(b.asset()) || !(b.close() > 0) || !Double.isFinite(b.close())) {
                    continue;
                }
                long close = Times.micros(b.closeTime());
                if (close < from || close > to) {
                    continue;
                }
                Long interval = intervalMicros(b.interval());
                if (interval == null || series.prices.contains(close, interval)) {
                    continue;
                }
                fresh.add(b);
            }
            if (fresh.isEmpty()) {
                return;
            }
            List<PriceBar> usable = source.isRemote() ? store(fresh) : fresh;
            series.merge(usable);
        }

        /** @return the bars the ledger accepted; a refused batch is retried bar by bar */
        List<PriceBar> store(List<PriceBar> bars) {
            Map<String, List<PriceBar>> byInterval = new LinkedHashMap<>();
            for (PriceBar b : bars) {
                byInterval.computeIfAbsent(b.interval(), k -> new ArrayList<>()).add(b);
            }
            List<PriceBar> stored = new ArrayList<>(bars.size());
            for (List<PriceBar> batch : byInterval.values()) {
                try {
                    ledger.recordPriceBars(batch);
                    stored.addAll(batch);
                } catch (ValidationException | ConflictException e) {
                    LOG.warn("resolver: the ledger refused {} remote bars of {} ({}); storing them one by one", batch.size(),
                            batch.get(0).asset(), e.getMessage());
                    for (PriceBar b : batch) {
                        try {
                            ledger.recordPriceBars(List.of(b));
                            stored.add(b);
                        } catch (ValidationException | ConflictException single) {
                            LOG.warn("resolver: remote bar refused, not used: {} ({})", b, single.getMessage());
                        }
                    }
                }
            }
            return stored;
        }

        Long intervalMicros(String label) {
            return intervals.computeIfAbsent(label, l -> {
                try {
                    return Horizon.parse(l).duration().getSeconds() * Times.MICROS_PER_SECOND;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            });
        }

        // ---- the local bars --------------------------------------------------------------------

        /**
         * The local bars of one asset for this run, loaded once and extended forward as the pages
         * advance. Loads go through the bars' primary key (asset, interval, open time), one range
         * per interval the asset has: a range on close time would make the database walk every bar
         * of the asset.
         */
        final class LocalSeries {
            final String asset;
            final PriceSeries prices;
            final long minTolerance;
            /** The asset's intervals (label to length), read once per run. */
            Map<String, Long> labels;
            /** How far before the first time asked the bars must reach: the longest tolerance of the asset's intervals. */
            long reach;
            long loadedFrom = Long.MAX_VALUE;
            long loadedTo = Long.MIN_VALUE;

            LocalSeries(String asset, java.time.Duration minTolerance) {
                this.asset = asset;
                this.minTolerance = Times.micros(minTolerance);
                this.prices = new PriceSeries(this.minTolerance);
            }

            /**
             * Makes the series answer every time in [from, to] exactly as the stored bars would. It
             * holds every stored bar closing in [from - reach, to]: a bar that closed earlier is
             * outside its tolerance for every time from {@code from} on, so leaving it out changes
             * no answer.
             */
            void ensure(long from, long to) {
                if (labels == null) {
                    readLabels();
                }
                if (from >= loadedFrom && to <= loadedTo) {
                    return;
                }
                if (loadedFrom == Long.MAX_VALUE || from < loadedFrom || from > loadedTo) {
                    Bars b = load(from - reach, to, true);
                    prices.reset(b.close, b.price, b.interval, b.n);
                    loadedFrom = from;
                    loadedTo = Math.max(to, from);
                    return;
                }
                prices.trimBefore(from - reach);
                Bars b = load(loadedTo, to, false);
                prices.add(b.close, b.price, b.interval, b.n);
                loadedFrom = from;
                loadedTo = to;
            }

            /** Adds bars just stored (or from a source that is not stored); later loads cover the rest. */
            void merge(List<PriceBar> bars) {
                Bars b = new Bars(bars.size());
                for (PriceBar bar : bars) {
                    long close = Times.micros(bar.closeTime());
                    Long interval = intervalMicros(bar.interval());
                    if (interval == null) {
                        continue;
                    }
                    if (labels.putIfAbsent(bar.interval(), interval) == null) {
                        reach = Math.max(reach, Math.max(interval, minTolerance));
                    }
                    if (close <= loadedTo) {
                        b.add(close, bar.close(), interval);
                    }
                }
                prices.add(b.close, b.price, b.interval, b.n);
            }

            /** Finds the asset's interval labels by skipping along the primary key, a few lookups in all. */
            void readLabels() {
                labels = new HashMap<>();
                reach = minTolerance;
                db.read(c -> {
                    try (PreparedStatement after = c.prepareStatement("SELECT interval_label FROM price_bars"
                            + " WHERE asset = ? AND interval_label > ? LIMIT 1");
                            PreparedStatement between = c.prepareStatement("SELECT interval_label FROM price_bars"
                                    + " WHERE asset = ? AND interval_label > ? AND interval_label < ? LIMIT 1")) {
                        String cursor = "";
                        while (true) {
                            String next = first(after, asset, cursor, null);
                            if (next == null) {
                                break;
                            }
                            // In key order nothing lies between; this only matters if the database chose another order.
                            for (String lower; (lower = first(between, asset, cursor, next)) != null; ) {
                                next = lower;
                            }
                            Long interval = intervalMicros(next);
                            if (interval != null) {
                                labels.put(next, interval);
                                reach = Math.max(reach, Math.max(interval, minTolerance));
                            }
                            cursor = next;
                        }
                    }
                    return null;
                });
            }

            private static String first(PreparedStatement p, String asset, String above, String below) throws SQLException {
                p.setString(1, asset);
                p.setString(2, above);
                if (below != null) {
                    p.setString(3, below);
                }
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }

            /**
             * Reads the bars closing in [from, to] ({@code inclusive}) or (from, to]. A bar opens one
             * interval before it closes; the open-time range reaches back two intervals so that a
             * bar a little longer than its label is still found, and the close-time range is then
             * applied exactly.
             */
            Bars load(long from, long to, boolean inclusive) {
                return db.read(c -> {
                    Bars b = new Bars(256);
                    try (PreparedStatement p = c.prepareStatement("SELECT close_time, close_price FROM price_bars"
                            + " WHERE asset = ? AND interval_label = ? AND open_time > ? AND open_time <= ?")) {
                        for (Map.Entry<String, Long> label : labels.entrySet()) {
                            long interval = label.getValue();
                            p.setString(1, asset);
                            p.setString(2, label.getKey());
                            p.setObject(3, Times.timestamp(from - 2 * interval));
                            p.setObject(4, Times.timestamp(to));
                            try (ResultSet r = p.executeQuery()) {
                                while (r.next()) {
                                    long close = Times.micros(r.getObject(1, LocalDateTime.class));
                                    if ((inclusive ? close >= from : close > from) && close <= to) {
                                        b.add(close, r.getDouble(2), interval);
                                    }
                                }
                            }
                        }
                    }
                    return b;
                });
            }
        }

        // ---- writing ---------------------------------------------------------------------------

        /** Writes a chunk in one transaction: outcome events, resolution states, outcome rows. */
        void write(List<Settled> chunk) {
            try {
                db.inTransaction(c -> {
                    List<Settled> outcomes = new ArrayList<>();
                    List<NewEvent> newEvents = new ArrayList<>();
                    for (Settled st : chunk) {
                        if (st.resolved()) {
                            outcomes.add(st);
                            newEvents.add(event(st));
                        }
                    }
                    List<AppendResult> appended = newEvents.isEmpty() ? List.of() : events.appendAll(newEvents);
                    List<String> eventIds = new ArrayList<>(appended.size());
                    for (AppendResult r : appended) {
                        eventIds.add(r.event().id());
                    }
                    insertStates(c, chunk, eventIds);
                    insertOutcomes(c, outcomes);
                    addCounts(c, outcomes.size(), chunk.size() - outcomes.size());
                    return null;
                });
            } catch (ConflictException e) {
                // Some outcome event already exists with another payload (written by another resolver
                // or another run's instant): adopt what is stored, one forecast at a time.
                LOG.warn("resolver: {}; settling this chunk one forecast at a time", e.getMessage());
                for (Settled st : chunk) {
                    writeOne(st);
                }
                return;
            }
            count(chunk);
        }

        void writeOne(Settled st) {
            db.inTransaction(c -> {
                if (!st.resolved()) {
                    insertStates(c, List.of(st), List.of());
                    addCounts(c, 0, 1);
                    return null;
                }
                String key = dedupeKey(st.forecast());
                Optional<Event> existing = events.byDedupeKey(key);
                Settled used = st;
                String eventId;
                if (existing.isPresent()) {
                    eventId = existing.get().id();
                    used = adopt(st, existing.get());
                } else {
                    eventId = events.append(event(st)).event().id();
                }
                insertStates(c, List.of(st), List.of(eventId));
                insertOutcomes(c, List.of(used));
                addCounts(c, 1, 0);
                return null;
            });
            count(List.of(st));
        }

        void count(List<Settled> chunk) {
            for (Settled st : chunk) {
                if (st.resolved()) {
                    resolved++;
                } else {
                    unresolvable++;
                }
            }
        }

        /** The prices of an outcome already stored under this forecast's dedupe key, so the row matches the event. */
        Settled adopt(Settled st, Event existing) {
            try {
                JsonObject o = JsonParser.parseString(existing.payload()).getAsJsonObject();
                JsonElement fp = o.get("forecast_price");
                JsonElement ap = o.get("actual_price");
                if (fp != null && ap != null && fp.getAsDouble() > 0 && ap.getAsDouble() > 0) {
                    return new Settled(st.forecast(), fp.getAsDouble(), ap.getAsDouble());
                }
            } catch (RuntimeException e) {
                LOG.warn("resolver: stored outcome {} is not readable, keeping this run's prices: {}", existing.id(),
                        e.toString());
            }
            return st;
        }

        NewEvent event(Settled st) {
            return new NewEvent(EventTypes.FORECAST_OUTCOME, asOf, SOURCE, dedupeKey(st.forecast()), payload(st));
        }

        String payload(Settled st) {
            Candidate f = st.forecast();
            boolean correct = Scoring.correct(f.action(), st.forecastPrice(), st.actualPrice(), s.flatBandPct());
            StringBuilder b = new StringBuilder(512);
            // Keys in sorted order, the log's canonical form.
            b.append("{\"actual_price\":").append(st.actualPrice());
            b.append(",\"asset\":").append(Json.quote(f.asset()));
            b.append(",\"brier_score\":").append(Scoring.brier(f.confidence(), correct));
            b.append(",\"direction_correct\":").append(correct);
            b.append(",\"forecast_action\":").append(Json.quote(f.action().wireName()));
            b.append(",\"forecast_confidence\":").append(f.confidence());
            b.append(",\"forecast_event_id\":").append(Json.quote(f.eventId()));
            b.append(",\"forecast_id\":").append(Json.quote(f.forecastId()));
            b.append(",\"forecast_price\":").append(st.forecastPrice());
            b.append(",\"forecast_ts\":").append(Json.quote(Times.instant(f.ts()).toString()));
            b.append(",\"horizon\":").append(Json.quote(f.horizon()));
            b.append(",\"log_score\":").append(Scoring.logScore(f.confidence(), correct));
            b.append(",\"producer_id\":").append(Json.quote(f.producerId()));
            b.append(",\"regime_at_forecast\":").append(Json.quote(f.regime()));
            b.append(",\"resolved_at\":").append(Json.quote(asOf.toString()));
            b.append(",\"return_actual_pct\":").append(Scoring.returnPct(st.forecastPrice(), st.actualPrice()));
            return b.append('}').toString();
        }

        void insertStates(Connection c, List<Settled> chunk, List<String> eventIds) throws SQLException {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO forecast_resolution_state (forecast_event_id,"
                    + " status, outcome_event_id, resolved_at) VALUES (?, ?, ?, ?)")) {
                LocalDateTime at = Times.timestamp(asOfMicros);
                int k = 0;
                for (Settled st : chunk) {
                    p.setString(1, st.forecast().eventId());
                    if (st.resolved()) {
                        p.setString(2, RESOLVED);
                        p.setString(3, eventIds.get(k++));
                    } else {
                        p.setString(2, UNRESOLVABLE);
                        p.setString(3, null);
                    }
                    p.setObject(4, at);
                    p.addBatch();
                }
                if (!chunk.isEmpty()) {
                    p.executeBatch();
                }
            }
        }

        void addCounts(Connection c, int resolvedNow, int givenUpNow) throws SQLException {
            try (PreparedStatement p = c.prepareStatement("UPDATE forecast_outcome_counts SET resolved = resolved + ?,"
                    + " unresolvable = unresolvable + ? WHERE id = 1")) {
                p.setLong(1, resolvedNow);
                p.setLong(2, givenUpNow);
                p.executeUpdate();
            }
        }

        /** The outcome rows; the outcome event's id is in the resolution state, which keeps these rows narrow. */
        void insertOutcomes(Connection c, List<Settled> outcomes) throws SQLException {
            if (outcomes.isEmpty()) {
                return;
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO forecast_outcomes (forecast_event_id,"
                    + " forecast_event_seq, forecast_id, producer_id, asset, horizon, action, confidence, forecast_price,"
                    + " actual_price, return_actual_pct, direction_correct, brier_score, log_score, regime_at_forecast,"
                    + " forecast_ts, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                LocalDateTime at = Times.timestamp(asOfMicros);
                for (Settled st : outcomes) {
                    Candidate f = st.forecast();
                    boolean correct = Scoring.correct(f.action(), st.forecastPrice(), st.actualPrice(), s.flatBandPct());
                    p.setString(1, f.eventId());
                    p.setLong(2, f.eventSeq());
                    p.setString(3, f.forecastId());
                    p.setString(4, f.producerId());
                    p.setString(5, f.asset());
                    p.setString(6, f.horizon());
                    p.setString(7, f.action().wireName());
                    p.setDouble(8, f.confidence());
                    p.setDouble(9, st.forecastPrice());
                    p.setDouble(10, st.actualPrice());
                    p.setDouble(11, Scoring.returnPct(st.forecastPrice(), st.actualPrice()));
                    p.setBoolean(12, correct);
                    p.setDouble(13, Scoring.brier(f.confidence(), correct));
                    p.setDouble(14, Scoring.logScore(f.confidence(), correct));
                    p.setString(15, f.regime());
                    p.setObject(16, Times.timestamp(f.ts()));
                    p.setObject(17, at);
                    p.addBatch();
                }
                p.executeBatch();
            }
        }

        // ---- progress ---------------------------------------------------------------------------

        Progress readProgress() {
            return db.read(c -> {
                try (Statement st = c.createStatement();
                        ResultSet r = st.executeQuery("SELECT forecast_seq, target_watermark FROM forecast_resolver_progress"
                                + " WHERE id = 1")) {
                    if (!r.next()) {
                        return new Progress(0, null);
                    }
                    LocalDateTime wm = r.getObject(2, LocalDateTime.class);
                    return new Progress(r.getLong(1), wm == null ? null : Times.micros(wm));
                }
            });
        }

        void writeProgress(long seq, long watermark) {
            db.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM forecast_resolver_progress WHERE id = 1");
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO forecast_resolver_progress (id, forecast_seq,"
                        + " target_watermark, updated_at) VALUES (1, ?, ?, ?)")) {
                    p.setLong(1, seq);
                    p.setObject(2, Times.timestamp(watermark));
                    p.setObject(3, Times.timestamp(Instant.now()));
                    p.executeUpdate();
                }
                return null;
            });
        }
    }

    static String dedupeKey(Candidate f) {
        return EventTypes.FORECAST_OUTCOME + ":" + f.eventId();
    }

    private static String safeName(PriceSource p) {
        try {
            return p.name();
        } catch (RuntimeException e) {
            return p.getClass().getName();
        }
    }

    private static List<Candidate> query(Connection c, String sql, Object[] args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            List<Candidate> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(candidate(r));
                }
            }
            return out;
        }
    }

    private static Candidate candidate(ResultSet r) throws SQLException {
        return new Candidate(r.getString(1), r.getString(2), r.getLong(3), r.getString(4).toUpperCase(Locale.ROOT),
                r.getString(5), ForecastAction.valueOf(r.getString(6).toUpperCase(Locale.ROOT)), r.getDouble(7),
                r.getString(8), r.getString(9), Times.micros(r.getObject(10, LocalDateTime.class)),
                Times.micros(r.getObject(11, LocalDateTime.class)));
    }

    /** Growable columns of bars. */
    static final class Bars {
        long[] close;
        double[] price;
        long[] interval;
        int n;

        Bars(int capacity) {
            close = new long[Math.max(1, capacity)];
            price = new double[close.length];
            interval = new long[close.length];
        }

        void add(long c, double p, long i) {
            if (n == close.length) {
                close = Arrays.copyOf(close, n * 2);
                price = Arrays.copyOf(price, n * 2);
                interval = Arrays.copyOf(interval, n * 2);
            }
            close[n] = c;
            price[n] = p;
            interval[n] = i;
            n++;
        }
    }
}
