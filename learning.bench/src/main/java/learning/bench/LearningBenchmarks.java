package learning.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import learning.api.ledger.AcceptedSignal;
import learning.api.ledger.Conviction;
import learning.api.ledger.Direction;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.api.weights.WeightAdjuster;
import learning.attribution.internal.PositionOutcomeAttributor;
import learning.karma.internal.EmaKarmaService;
import learning.store.internal.Store;
import learning.weights.internal.CorrelationAdjuster;
import learning.weights.internal.DefaultWeightService;
import learning.weights.internal.WeightsConfig;

/** Benchmarks of the learning components on a file database with synthetic, seeded data. */
final class LearningBenchmarks {
    private static final String[] DOMAINS = {"curator", "onchain", "tradfi", "social", "technical", "events"};
    private static final Instant AS_OF = Instant.parse("2026-06-01T00:00:00Z");

    private LearningBenchmarks() {
    }

    /**
     * Weights cycles over a 30-day window of 10,000 positions with six domain scores each: the
     * steady state (the service has run a cycle before, and one more position closes between
     * cycles, so each cycle reads what closed since) and a cold cycle (a new service, the first
     * cycle after a start, reads the whole window).
     *
     * @return milliseconds per cycle, steady then cold, one sample per run each
     */
    static List<List<Double>> weightsCycle(int runs) throws IOException {
        Path dir = Files.createTempDirectory("bench-weights");
        try (Store store = Store.open("jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning")
                + System.getProperty("bench.url.suffix", ""))) {
            Random random = new Random(1);
            Seeding.fast(store, true);
            seedPositions(store, random, 10_000, 0, Duration.ofDays(29), false);
            closeOne(store, "old", AS_OF.minus(Duration.ofDays(200)), 1, null);
            Seeding.fast(store, false);
            DefaultWeightService weights = weightService(store, dir);
            List<Double> steady = new ArrayList<>();
            weights.runCycle(AS_OF); // warm-up, not measured
            for (int i = 0; i < runs; i++) {
                seedPositions(store, random, 1, 10_000 + i, Duration.ofHours(1), false);
                long t0 = System.nanoTime();
                weights.runCycle(AS_OF.plusSeconds(i + 1));
                steady.add((System.nanoTime() - t0) / 1e6);
            }
            List<Double> cold = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                DefaultWeightService fresh = weightService(store, dir);
                long t0 = System.nanoTime();
                fresh.runCycle(AS_OF.plusSeconds(runs + i + 1));
                cold.add((System.nanoTime() - t0) / 1e6);
            }
            return List.of(steady, cold);
        } finally {
            BenchMain.deleteTree(dir);
        }
    }

    /**
     * Attribution and karma sweeps over 100,000 closed positions (six domains, three producers each).
     *
     * @param readFloor gets, per run, the seconds of one plain scan of what the sweeps must read
     * @param writeFloor gets, per run, the seconds of {@link StoreFloor#writeAttribution} on a copy of
     *        the run's database: the rows the sweeps must write, without the engine
     * @return seconds for both sweeps, one sample per run (each run on a fresh database)
     */
    static List<Double> attributionSweep(int runs, int positions, List<Double> readFloor, List<Double> writeFloor)
            throws IOException {
        warmUpSweeps();
        List<Double> seconds = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Path dir = Files.createTempDirectory("bench-attribution");
            try {
                String url = "jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning")
                        + System.getProperty("bench.url.suffix", "");
                String floorUrl = "jdbc:hsqldb:file:" + dir.resolve("floor").resolve("learning")
                        + System.getProperty("bench.url.suffix", "");
                long s0 = System.nanoTime();
                try (Store store = Store.open(url)) {
                    Seeding.fast(store, true);
                    seedPositions(store, new Random(run), positions, 0, Duration.ofDays(300), true);
                }
                // The floor writes into a copy of the same data, so both see indexes of the same depth.
                copyTree(dir.resolve("db"), dir.resolve("floor"));
                System.out.printf("    set-up: %,d positions in %.1f s%n", positions, (System.nanoTime() - s0) / 1e9);
                try (Store store = Store.open(url)) {
                    seconds.add(sweeps(store, "run " + (run + 1)));
                    readFloor.add(readFloor(store));
                }
                try (Store store = Store.open(floorUrl)) {
                    writeFloor.add(writeFloor(store));
                }
                System.out.printf("  attribution run %d: read floor %.1f s, write floor %.1f s%n", run + 1,
                        readFloor.get(readFloor.size() - 1), writeFloor.get(writeFloor.size() - 1));
            } finally {
                BenchMain.deleteTree(dir);
            }
        }
        return seconds;
    }

    /**
     * Both sweeps and the write floor once over a few thousand positions, unmeasured, so that the
     * JIT has compiled their code before the first measured run (a sweep's first run in a JVM kept
     * a compiler thread busy on one of the machine's cores for much of its time).
     */
    private static void warmUpSweeps() throws IOException {
        Path dir = Files.createTempDirectory("bench-attribution-warm");
        try (Store store = Store.open("jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning")
                + System.getProperty("bench.url.suffix", ""))) {
            long t0 = System.nanoTime();
            Seeding.fast(store, true);
            seedPositions(store, new Random(-1), 5_000, 0, Duration.ofDays(300), true);
            sweeps(store, "warm-up");
            writeFloor(store);
            System.out.printf("    warm-up (not counted): %.1f s%n", (System.nanoTime() - t0) / 1e9);
        } finally {
            BenchMain.deleteTree(dir);
        }
    }

    /** {@link StoreFloor#writeAttribution} for the store's closed positions in the sweeps' order. @return seconds */
    private static double writeFloor(Store store) {
        List<String> positionIds = new ArrayList<>();
        List<String> convictionIds = new ArrayList<>();
        store.database().read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, conviction_id"
                    + " FROM positions WHERE status = 'closed' ORDER BY closed_at, id")) {
                while (r.next()) {
                    positionIds.add(r.getString(1));
                    convictionIds.add(r.getString(2));
                }
            }
            return null;
        });
        return StoreFloor.writeAttribution(store, positionIds, convictionIds, 3, 5_000); // the sweeps' page size
    }

    /** Both sweeps on a seeded store. @return seconds */
    private static double sweeps(Store store, String label) {
        Seeding.fast(store, false);
        PositionOutcomeAttributor attributor = new PositionOutcomeAttributor(store.database(), store.events(),
                store.ledger());
        EmaKarmaService karma = new EmaKarmaService(store.database(), store.events());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        attributor.sweep(AS_OF);
        long t1 = System.nanoTime();
        long cpu1 = threads.getCurrentThreadCpuTime();
        karma.sweep(AS_OF);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  attribution %s: %.1f s (attribution %.1f s, %.1f s CPU of this thread; karma %.1f s,"
                + " %.1f s CPU)%n", label, seconds, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9, (System.nanoTime() - t1) / 1e9,
                (threads.getCurrentThreadCpuTime() - cpu1) / 1e9);
        return seconds;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    /**
     * The least reading the sweeps cannot skip: one plain scan each of the closed positions (with
     * their domain scores at entry), their convictions and their accepted signals, the columns the
     * sweeps need.
     *
     * @return seconds
     */
    private static double readFloor(Store store) {
        return StoreFloor.scan(store,
                "SELECT id, conviction_id, direction, opened_at, closed_at, realized_pnl, regime_at_entry,"
                        + " max_drawdown_during, entry_curator, entry_onchain, entry_tradfi, entry_social,"
                        + " entry_technical, entry_events FROM positions WHERE status = 'closed'",
                "SELECT id, score FROM conviction_scores",
                "SELECT trade_id, producer_id, domain, contribution_weight FROM accepted_signals");
    }

    private static DefaultWeightService weightService(Store store, Path dir) {
        WeightAdjuster correlation = new CorrelationAdjuster();
        return new DefaultWeightService(store.database(), store.events(), new DefaultWeightService.Adjusters() {
            @Override
            public Map.Entry<String, WeightAdjuster> live() {
                return new AbstractMap.SimpleEntry<>("correlation", correlation);
            }

            @Override
            public Map<String, WeightAdjuster> all() {
                return Map.of("correlation", correlation);
            }
        }, WeightsConfig.defaults(), dir.resolve("learned_weights.yaml"), Clock.systemUTC());
    }

    /** Positions closed within {@code spread} before the benchmark's instant, each with a conviction. */
    private static void seedPositions(Store store, Random random, int count, int from, Duration spread,
            boolean withSignals) {
        int batch = 1_000;
        for (int start = from; start < from + count; start += batch) {
            List<AcceptedSignal> signals = new ArrayList<>();
            for (int i = start; i < Math.min(from + count, start + batch); i++) {
                Instant closedAt = AS_OF.minusSeconds(1 + (long) (random.nextDouble() * spread.getSeconds()));
                Map<String, Double> scores = new LinkedHashMap<>();
                for (String d : DOMAINS) {
                    scores.put(d, random.nextDouble());
                }
                String conviction = "c" + i;
                store.ledger().recordConviction(new Conviction(conviction, "cy" + i, "BTC", 0.5,
                        closedAt.minus(Duration.ofHours(6)), scores, List.of(), List.of(), null, null));
                closeOne(store, "p" + i, closedAt, random.nextGaussian() * 20, conviction);
                if (withSignals) {
                    for (int p = 0; p < 3; p++) {
                        signals.add(new AcceptedSignal("p" + i, "producer-" + DOMAINS[(i + p) % 6] + "-" + p,
                                DOMAINS[(i + p) % 6], "s" + p, 1.0, "long", 0.6, "4h"));
                    }
                }
            }
            if (!signals.isEmpty()) {
                store.ledger().recordAcceptedSignals(signals);
            }
        }
    }

    private static void closeOne(Store store, String id, Instant closedAt, double pnl, String conviction) {
        store.ledger().openPosition(new Position(id, "BTC", Direction.LONG, PositionStatus.OPEN,
                closedAt.minus(Duration.ofHours(6)), null, null, conviction, "BULL", null, 100.0, null, 1000.0));
        store.ledger().closePosition(id, new PositionClose(closedAt, pnl, null, null));
    }
}
