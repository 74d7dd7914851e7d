package learning.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.GsonBuilder;

import learning.api.ledger.Forecast;
import learning.store.internal.Store;

/**
 * Runs the engine's benchmarks, prints a table of medians, minima and maxima, and writes
 * {@code learning.bench/target/bench/results.json}. Each benchmark repeats its measurement and
 * reports the median, because the machines are shared and noisy.
 *
 * <p>Usage: {@code mvn -B -pl learning.bench exec:java [-Dbench.only=ingest-java,ingest-rest,weights,attribution,resolve,floor,meta,replay-idle]
 * [-Dbench.runs=5] [-Dbench.scale=0.1]}. {@code resolve} (or {@code aggregate}) runs the resolver and both
 * aggregator benchmarks on the same data; {@code bench.scale} shrinks the attribution and forecast
 * benchmarks (targets scaled linearly, marked "x scale").
 */
public final class BenchMain {
    private static final int FORECASTS = 200_000;
    /** Forecasts per call; {@code -Dbench.batch=10000} measures the largest batch the API takes. */
    private static final int BATCH = Integer.getInteger("bench.batch", 1_000);

    private final Path root;
    private final int runs;
    private final List<Stats> results = new ArrayList<>();

    private BenchMain(Path root, int runs) {
        this.root = root;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        int runs = Integer.getInteger("bench.runs", 5);
        String only = System.getProperty("bench.only", "");
        BenchMain b = new BenchMain(root, runs);
        if (selected(only, "ingest-java")) {
            b.ingestJava();
        }
        if (selected(only, "ingest-rest")) {
            b.ingestRest();
        }
        if (selected(only, "weights")) {
            List<List<Double>> cycles = LearningBenchmarks.weightsCycle(Math.max(5, runs));
            b.results.add(new Stats("weights cycle over a window of 10,000 positions", "ms", "< 100", false, 100,
                    cycles.get(0)));
            b.results.add(new Stats("weights cycle, cold (first after a start: reads the whole window)", "ms",
                    "(reported)", false, Double.MAX_VALUE, cycles.get(1)));
        }
        double scale = Double.parseDouble(System.getProperty("bench.scale", "1"));
        if (selected(only, "attribution")) {
            int positions = (int) Math.round(100_000 * scale);
            List<Double> readFloor = new ArrayList<>();
            List<Double> writeFloor = new ArrayList<>();
            b.results.add(new Stats(String.format(Locale.ROOT, "attribution + karma sweeps, %,d closed positions", positions),
                    "s", scaled("< 10", scale), false, 10 * scale,
                    LearningBenchmarks.attributionSweep(Math.min(runs, 3), positions, readFloor, writeFloor)));
            b.results.add(new Stats("floor: one plain scan of their positions, convictions, signals", "s", "(reported)",
                    false, Double.MAX_VALUE, readFloor));
            b.results.add(new Stats("floor: their outcome events, keys, conviction outcomes, on a copy of the same data",
                    "s", "(engine's: " + scaled("< 10", scale) + ")", false, Double.MAX_VALUE, writeFloor));
        }
        if (selected(only, "resolve") || selected(only, "aggregate")) {
            b.forecasts(scale, Math.min(runs, 3));
        }
        if (selected(only, "floor")) {
            b.floor(scale, Math.min(runs, 3));
        }
        if (selected(only, "replay-idle")) {
            b.replayIdle();
        }
        if (selected(only, "meta")) {
            for (int outcomes : new int[] {100_000, 1_000_000}) {
                b.results.add(new Stats(String.format(Locale.ROOT,
                        "meta produce over %,d outcomes (index built, shadow mode)", outcomes), "ms", "< 50", false, 50,
                        MetaBenchmark.produce(outcomes, Math.max(21, runs))));
            }
        }
        b.report();
    }

    /** A target of the full-size benchmark, scaled linearly for a smaller run (and marked so). */
    private static String scaled(String target, double scale) {
        return scale == 1 ? target : target + " x " + scale;
    }

    /** Resolve 1,000,000 forecasts, aggregate their outcomes, then the incremental aggregation (scaled). */
    private void forecasts(double scale, int n) throws IOException {
        List<Double> resolve = new ArrayList<>();
        List<Double> full = new ArrayList<>();
        List<Double> inc = new ArrayList<>();
        List<Double> resolveHeap = new ArrayList<>();
        List<Double> aggregateHeap = new ArrayList<>();
        List<Double> readFloor = new ArrayList<>();
        int resolved = 0;
        int incremental = 0;
        for (int run = 0; run < n; run++) {
            ForecastBenchmarks.Timings t = ForecastBenchmarks.run(scale, run);
            resolve.add(t.resolve());
            full.add(t.aggregateFull());
            inc.add(t.aggregateIncremental() * 1000);
            resolveHeap.add(t.resolvePeakMib());
            aggregateHeap.add(t.aggregatePeakMib());
            readFloor.add(t.readFloor());
            resolved = t.resolved();
            incremental = t.incremental();
        }
        results.add(new Stats(String.format(Locale.ROOT, "resolve %,d forecasts to stored outcomes", resolved), "s",
                scaled("< 20", scale), false, 20 * scale, resolve));
        results.add(new Stats(String.format(Locale.ROOT, "aggregate %,d outcomes from nothing", resolved), "s",
                scaled("< 5", scale), false, 5 * scale, full));
        results.add(new Stats(String.format(Locale.ROOT, "aggregate incrementally after %,d new outcomes", incremental),
                "ms", "< 500", false, 500, inc));
        results.add(new Stats("peak heap in use while resolving (sampled every 10 ms)", "MiB", "(reported)", false,
                Double.MAX_VALUE, resolveHeap));
        results.add(new Stats("peak heap in use while aggregating from nothing", "MiB", "(reported)", false,
                Double.MAX_VALUE, aggregateHeap));
        results.add(new Stats(String.format(Locale.ROOT, "floor: one plain scan of the %,d forecast rows", resolved
                + incremental), "s", "(reported)", false, Double.MAX_VALUE, readFloor));
    }

    /**
     * What the store alone needs for the event rows behind each write target (see {@link StoreFloor}),
     * with the redo log as the engine runs it and, for the resolver's, without it.
     */
    private void floor(double scale, int n) throws IOException {
        int forecasts = (int) Math.round(990_000 * scale);
        int positions = (int) Math.round(100_000 * scale);
        List<Double> ingest = new ArrayList<>();
        List<Double> ingestLedger = new ArrayList<>();
        List<Double> resolve = new ArrayList<>();
        List<Double> resolveNoLog = new ArrayList<>();
        List<Double> attribution = new ArrayList<>();
        // Unmeasured, so the JIT has compiled the database's insert and commit paths first.
        StoreFloor.write(List.of(StoreFloor.POSITION_OUTCOME, StoreFloor.FORECAST_OUTCOME), 50_000, 5_000, true, true);
        for (int run = 0; run < n; run++) {
            ingest.add(FORECASTS / StoreFloor.write(List.of(StoreFloor.FORECAST), FORECASTS, BATCH, true, false));
            ingestLedger.add(FORECASTS / StoreFloor.write(List.of(StoreFloor.FORECAST_LEDGER), FORECASTS, BATCH, true,
                    false));
            resolve.add(StoreFloor.write(List.of(StoreFloor.FORECAST_OUTCOME), forecasts, 5_000, true, false));
            resolveNoLog.add(StoreFloor.write(List.of(StoreFloor.FORECAST_OUTCOME), forecasts, 5_000, false, false));
            attribution.add(StoreFloor.write(List.of(StoreFloor.POSITION_OUTCOME, StoreFloor.TRADE_KARMA), positions,
                    5_000, true, true));
        }
        results.add(new Stats("floor: 200k forecast.v1 event + dedupe rows, plain JDBC", "forecasts/s",
                "(engine's: >= 50,000)", true, Double.MAX_VALUE, ingest));
        results.add(new Stats("floor: 200k forecast.v1 event rows + ledger forecasts rows (the engine's rows), plain JDBC",
                "forecasts/s", "(engine's: >= 50,000)", true, Double.MAX_VALUE, ingestLedger));
        results.add(new Stats(String.format(Locale.ROOT, "floor: %,d forecast.outcome.v1 event + dedupe rows", forecasts),
                "s", "(engine's: " + scaled("< 20", scale) + ")", false, Double.MAX_VALUE, resolve));
        results.add(new Stats("floor: the same without the redo log (not durable)",
                "s", "(reported)", false, Double.MAX_VALUE, resolveNoLog));
        results.add(new Stats(String.format(Locale.ROOT, "floor: %,d positions' outcome events, keys, conviction", positions),
                "s", "(engine's: " + scaled("< 10", scale) + ")", false, Double.MAX_VALUE, attribution));
    }

    private static boolean selected(String only, String name) {
        return only.isBlank() || List.of(only.split(",")).contains(name);
    }

    /**
     * 200,000 forecasts through the Java API (InputLedger) into a fresh file database per run, in
     * batches of 1,000 (or {@code bench.batch}). Only the ingest calls are timed: the inputs are built
     * before the clock starts, and opening and closing the database are outside it.
     */
    private void ingestJava() throws IOException {
        List<Double> rates = new ArrayList<>();
        warmUp();
        for (int run = 0; run < runs; run++) {
            rates.add(ingestIntoFreshFileDatabase("j" + run));
            progress("ingest-java", run, rates);
        }
        results.add(new Stats(String.format(Locale.ROOT, "ingest 200k forecasts, Java API (batches of %,d)", BATCH),
                "forecasts/s", ">= 50,000", true, 50_000, rates));
    }

    /** @return forecasts per second */
    private static double ingestIntoFreshFileDatabase(String id) throws IOException {
        Path dir = Files.createTempDirectory("bench-java");
        try {
            String url = System.getProperty("bench.url", "jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning"))
                    + System.getProperty("bench.url.suffix", "");
            try (Store store = Store.open(url)) {
                List<List<Forecast>> batches = new ArrayList<>();
                for (int i = 0; i < FORECASTS; i += BATCH) {
                    batches.add(Forecasts.batch(id, i, Math.min(BATCH, FORECASTS - i)));
                }
                java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (List<Forecast> batch : batches) {
                    store.ledger().recordForecasts(batch);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                // On a shared machine the wall-clock rate swings with the neighbours' load; the
                // ingesting thread's own CPU time per forecast is steadier for comparing changes.
                System.out.printf(Locale.ROOT, "    %s: %.1f s wall, %.1f s CPU of the ingesting thread (%.1f us/forecast)%n",
                        id, seconds, cpuSeconds, cpuSeconds * 1e6 / FORECASTS);
                return FORECASTS / seconds;
            }
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Runs the same work as a measured run once, unmeasured, so the JIT has compiled the file
     * database's code paths (cached tables, the log, commits) before the first measured run; a warm-up
     * on a memory database left the first two measured runs at half speed.
     */
    private static void warmUp() throws IOException {
        if (!Boolean.parseBoolean(System.getProperty("bench.warmup", "true"))) {
            return;
        }
        double rate = ingestIntoFreshFileDatabase("warm");
        System.out.printf(Locale.ROOT, "  warm-up (not counted): %.1f%n", rate);
    }

    static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** 200,000 forecasts through REST into the exported engine, batches of 1,000; also start-up time. */
    private void ingestRest() throws Exception {
        Path jar = root.resolve("learning.app").resolve("target").resolve("learning-engine.jar");
        List<Double> rates = new ArrayList<>();
        List<Double> concurrentRates = new ArrayList<>();
        List<Double> startups = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (Engine engine = Engine.start(jar, List.of())) {
                startups.add(engine.startupSeconds());
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < FORECASTS; i += BATCH) {
                    bodies.add(Forecasts.json(Forecasts.batch("r" + run, i, BATCH)));
                }
                // Warm the engine with as many forecasts again, not measured, as the Java benchmark
                // warms with a whole unmeasured run: after only ten batches a flight recording showed
                // the JIT compiling for up to 0.9 s of every second of the measured window.
                for (int i = 0; i < FORECASTS / BATCH; i++) {
                    check(engine.post("/api/v1/forecasts", Forecasts.json(Forecasts.batch("w" + run, i * BATCH, BATCH))));
                }
                long t0 = System.nanoTime();
                for (String body : bodies) {
                    check(engine.post("/api/v1/forecasts", body));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                rates.add(FORECASTS / seconds);
                concurrentRates.add(FORECASTS / twoClients(engine, run));
            }
            progress("ingest-rest", run, rates);
            progress("ingest-rest, 2 clients", run, concurrentRates);
        }
        results.add(new Stats("ingest 200k forecasts, REST (batches of 1,000)", "forecasts/s", ">= 20,000", true,
                20_000, rates));
        results.add(new Stats("ingest 200k forecasts, REST (batches of 1,000, 2 clients at once)", "forecasts/s",
                "(reported)", false, Double.MAX_VALUE, concurrentRates));
        results.add(new Stats("start-up of the exported jar to /health/ready", "s", "(reported)", false,
                Double.MAX_VALUE, startups));
    }

    /**
     * Another 200,000 forecasts into the same engine from two clients at once, each posting its half
     * of the batches one after the other (as two producers would): one parses while the other's
     * batch is stored.
     *
     * @return seconds for all 200,000
     */
    private static double twoClients(Engine engine, int run) throws Exception {
        List<List<String>> halves = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < FORECASTS; i += BATCH) {
            halves.get((i / BATCH) % 2).add(Forecasts.json(Forecasts.batch("c" + run, i, BATCH)));
        }
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (List<String> half : halves) {
                done.add(clients.submit(() -> {
                    for (String body : half) {
                        check(engine.post("/api/v1/forecasts", body));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * The exported engine with the replay enabled on a fresh home: start-up to {@code /health/ready},
     * the wall time of the simulated year, and the resident memory (VmRSS) once it is idle again, 10 s
     * after the replay's {@code replay.finished.v1} event.
     */
    private void replayIdle() throws Exception {
        Path jar = root.resolve("learning.app").resolve("target").resolve("learning-engine.jar");
        List<Double> startups = new ArrayList<>();
        List<Double> years = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int run = 0; run < Math.min(runs, 3); run++) {
            try (Engine engine = Engine.start(jar, List.of("-Dlearning.replay=true"))) {
                startups.add(engine.startupSeconds());
                long t0 = System.nanoTime();
                long deadline = t0 + java.time.Duration.ofMinutes(15).toNanos();
                while (!engine.get("/api/v1/events?type=replay.finished.v1&limit=1").body().contains("replay.finished.v1")) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the replay did not finish within 15 minutes");
                    }
                    Thread.sleep(500);
                }
                years.add((System.nanoTime() - t0) / 1e9);
                Thread.sleep(10_000);
                rss.add(engine.residentMiB());
            }
            progress("replay-idle", run, rss);
        }
        results.add(new Stats("start-up of the exported jar to /health/ready (replay home)", "s", "(reported)", false,
                Double.MAX_VALUE, startups));
        results.add(new Stats("replay of a simulated year in the exported engine", "s", "< 60", false, 60, years));
        results.add(new Stats("resident memory, idle after the replay (VmRSS)", "MiB", "(reported)", false,
                Double.MAX_VALUE, rss));
    }

    private static void check(HttpResponse<String> r) {
        if (r.statusCode() != 201) {
            throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static void progress(String name, int run, List<Double> values) {
        System.out.printf(Locale.ROOT, "  %s run %d: %.1f%n", name, run + 1, values.get(values.size() - 1));
    }

    private void report() throws IOException {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %14s %14s %14s %-13s %s%n", "benchmark", "median", "min", "max", "unit",
                "target");
        for (Stats s : results) {
            System.out.printf(Locale.ROOT, "%-58s %14.1f %14.1f %14.1f %-13s %s %s%n", s.name(), s.median(), s.min(),
                    s.max(), s.unit(), s.target(), s.targetValue() == Double.MAX_VALUE ? "" : s.met() ? "met" : "NOT MET");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("generated_at", Instant.now().toString());
        json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
                System.getProperty("java.version"), "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                "max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        json.put("runs", runs);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Stats s : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", s.name());
            row.put("unit", s.unit());
            row.put("median", s.median());
            row.put("min", s.min());
            row.put("max", s.max());
            row.put("samples", s.samples());
            row.put("target", s.target());
            if (s.targetValue() != Double.MAX_VALUE) {
                row.put("met", s.met());
            }
            rows.add(row);
        }
        json.put("results", rows);
        Path out = root.resolve("learning.bench").resolve("target").resolve("bench").resolve("results.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(json));
        System.out.println("\nwritten: " + out);
    }
}
