package learning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import learning.api.forecast.AggregationRun;
import learning.api.forecast.OutcomeResolver;
import learning.api.forecast.ResolutionRun;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.PriceBar;
import learning.forecast.internal.BenchAccess;
import learning.forecast.internal.IncrementalAggregator;
import learning.store.internal.Store;

/**
 * The forecast benchmarks on a file database with durable commits: resolving 1,000,000 forecasts
 * (20 assets, 1 h bars over 2 years, horizons 1 h to 7 d, 7 producers, 3 regimes) from the store to
 * stored outcomes, aggregating all their outcomes from nothing, and the incremental aggregation
 * after 10,000 more. {@code bench.scale} scales the number of forecasts (the bars stay 2 years).
 * The data is written before the clock starts, with delayed log syncs to save set-up time; every
 * timed step runs with the store's durable defaults.
 */
final class ForecastBenchmarks {
    static final String[] HORIZONS = {"1h", "4h", "24h", "3d", "7d"};
    private static final ForecastAction[] ACTIONS = {ForecastAction.LONG, ForecastAction.SHORT, ForecastAction.FLAT};
    private static final String[] REGIMES = {"bull", "bear", "chop"};
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final long SPAN_SECONDS = 2L * 365 * 86_400;
    private static final int ASSETS = 20;

    private ForecastBenchmarks() {
    }

    /** One run's timings in seconds. */
    record Timings(double resolve, double aggregateFull, double aggregateIncremental, int resolved, int incremental,
            double resolvePeakMib, double aggregatePeakMib, double readFloor) {
    }

    static Timings run(double scale, int run) throws IOException {
        int total = (int) Math.round(1_000_000 * scale);
        int incremental = Math.min(10_000, total / 10);
        Path dir = Files.createTempDirectory("bench-forecast");
        try (Store store = Store.open("jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning")
                + System.getProperty("bench.url.suffix", ""))) {
            long s0 = System.nanoTime();
            Seeding.fast(store, true);
            seedBars(store, new Random(run));
            ingest(store, 0, total - incremental, total);
            Seeding.fast(store, false);
            System.out.printf(Locale.ROOT, "    set-up: %,d forecasts and %,d bars in %.1f s%n", total - incremental,
                    ASSETS * hours(), (System.nanoTime() - s0) / 1e9);

            OutcomeResolver resolver = BenchAccess.resolver(store.database(), store.events(), store.ledger());
            Instant asOf = START.plusSeconds(SPAN_SECONDS).plus(Duration.ofDays(9));
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            HeapPeak resolveHeap = HeapPeak.start();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            ResolutionRun r = resolver.resolveDue(asOf);
            double resolve = (System.nanoTime() - t0) / 1e9;
            double resolveCpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double resolvePeak = resolveHeap.mib();
            resolveHeap.close();
            if (r.resolved() != total - incremental) {
                throw new IllegalStateException("resolved " + r.resolved() + " of " + (total - incremental) + ": " + r);
            }

            IncrementalAggregator aggregator = new IncrementalAggregator(store.database(), Duration.ofDays(800));
            HeapPeak aggregateHeap = HeapPeak.start();
            cpu0 = threads.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            AggregationRun a = aggregator.update(asOf);
            double full = (System.nanoTime() - t0) / 1e9;
            double fullCpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double aggregatePeak = aggregateHeap.mib();
            aggregateHeap.close();
            if (a.newOutcomes() != total - incremental) {
                throw new IllegalStateException("aggregated " + a.newOutcomes() + " of " + (total - incremental));
            }

            Seeding.fast(store, true);
            ingest(store, total - incremental, total, total);
            Seeding.fast(store, false);
            Instant later = asOf.plus(Duration.ofHours(1));
            ResolutionRun r2 = resolver.resolveDue(later);
            if (r2.resolved() != incremental) {
                throw new IllegalStateException("resolved " + r2.resolved() + " of " + incremental + " late forecasts");
            }
            t0 = System.nanoTime();
            AggregationRun a2 = aggregator.update(later);
            double inc = (System.nanoTime() - t0) / 1e9;
            if (a2.newOutcomes() != incremental) {
                throw new IllegalStateException("aggregated " + a2.newOutcomes() + " of " + incremental + " new outcomes");
            }
            double readFloor = readFloor(store);
            System.out.printf(Locale.ROOT, "  forecast run %d: resolve %,d in %.1f s (%.1f s CPU of this thread, peak heap"
                    + " %,.0f MiB), aggregate full %.2f s (%.2f s CPU, peak heap %,.0f MiB), incremental (%,d new) %.3f s,"
                    + " read floor %.1f s%n", run + 1, r.resolved(), resolve, resolveCpu, resolvePeak, full, fullCpu,
                    aggregatePeak, incremental, inc, readFloor);
            return new Timings(resolve, full, inc, r.resolved(), incremental, resolvePeak, aggregatePeak, readFloor);
        } finally {
            BenchMain.deleteTree(dir);
        }
    }

    /**
     * The least reading the resolver cannot skip: every forecast row with the columns it needs, in
     * one plain scan (the resolver reads them in target order, in pages, with their prices).
     *
     * @return seconds
     */
    private static double readFloor(Store store) {
        return StoreFloor.scan(store, "SELECT forecast_id, event_id, event_seq, asset, horizon, action, confidence,"
                + " producer_id, regime_tag, ts, target_ts FROM forecasts");
    }

    private static int hours() {
        return (int) (SPAN_SECONDS / 3600) + 10 * 24;
    }

    /** Hourly bars of every asset from START on, a random walk per asset. */
    private static void seedBars(Store store, Random random) {
        int hours = hours();
        for (int a = 0; a < ASSETS; a++) {
            double price = 100 + a * 10;
            List<PriceBar> batch = new ArrayList<>();
            for (int h = 0; h < hours; h++) {
                double open = price;
                price = Math.max(1, price * (1 + 0.01 * random.nextGaussian()));
                Instant openTime = START.plusSeconds(3600L * h);
                batch.add(new PriceBar("A" + a, "1h", openTime, openTime.plusSeconds(3600), open,
                        Math.max(open, price) * 1.001, Math.min(open, price) * 0.999, price, 1000, "bench"));
                if (batch.size() == 5_000 || h == hours - 1) {
                    store.ledger().recordPriceBars(batch);
                    batch = new ArrayList<>();
                }
            }
        }
    }

    /** Forecasts {@code from} to {@code to} (exclusive) of {@code total}, in time order, batches of 10,000. */
    private static void ingest(Store store, int from, int to, int total) {
        List<Forecast> batch = new ArrayList<>(10_000);
        for (int i = from; i < to; i++) {
            batch.add(forecast(i, total));
            if (batch.size() == 10_000 || i == to - 1) {
                store.ledger().recordForecasts(batch);
                batch = new ArrayList<>(10_000);
            }
        }
    }

    static Forecast forecast(int i, int total) {
        long ts = (long) ((double) i * SPAN_SECONDS / total);
        return new Forecast("f" + i, "A" + (i % ASSETS), HORIZONS[(i / ASSETS) % HORIZONS.length],
                ACTIONS[(i / 100) % ACTIONS.length], 0.5 + (i % 50) / 100.0, "producer-" + (i % 7) + "@1.0",
                REGIMES[(i / 7) % REGIMES.length], START.plusSeconds(86_400 + ts), null);
    }
}
