package learning.replay.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.NotFoundException;
import learning.api.cycle.CycleNames;
import learning.api.cycle.CycleReport;
import learning.api.cycle.CycleStatus;
import learning.api.event.Event;
import learning.api.event.EventQuery;
import learning.api.event.NewEvent;
import learning.api.ledger.AcceptedSignal;
import learning.api.ledger.Conviction;
import learning.api.ledger.Direction;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.Horizon;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.api.ledger.PriceBar;
import learning.api.weights.Domain;
import learning.api.weights.LiveWeights;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the engine through its API at simulated time. Every simulated hour: the hour's bar is
 * stored, every producer calls the coming {@code hold} hours, the domain scores and the live
 * weights make a conviction, and the book opens one long position sized by it (closed
 * {@code hold} hours later at that bar's close), with accepted signals naming the producers that
 * called long. Every {@code forecast.every.hours} each producer forecasts at every horizon. The
 * writes of a segment go in one transaction; at the segment's end the real cycles run through
 * {@link learning.api.cycle.CycleRunner} at the simulated instant: resolve every
 * {@code resolve.every.hours}, aggregate and meta every {@link #META_EVERY_HOURS}, attribution and
 * karma, corpus, and weights at their cadence.
 *
 * <p>Why the book does not pick trades by conviction: choosing trades by the ensemble selects the
 * market states the ensemble already gets right, which pulls every producer's karma towards the
 * ensemble's win rate; a book that is always in the market, with the conviction setting only the
 * size, lets each producer's signals meet the market unselected, so its karma measures its own skill,
 * and the weight learner's window is not biased either. The PnL still depends on the weights.
 */
public final class Replay {
    /** Simulated hours between two runs of the meta cycle. */
    public static final int META_EVERY_HOURS = 48;

    /** Event type marking a replay home; its payload holds the settings' fingerprint. */
    public static final String STARTED = "replay.started.v1";
    /** Event type recorded with every segment's writes: the last simulated hour stored. */
    public static final String PROGRESS = "replay.progress.v1";
    /** Event type recorded when a replay ran to its end. */
    public static final String FINISHED = "replay.finished.v1";
    /** Source of the replay's events and forecasts. */
    public static final String SOURCE = "learning.replay";
    /** The ledger tables that hold an operator's data; a home with rows there and no replay marker is not replayed into. */
    static final List<String> LEDGER_TABLES = List.of("positions", "conviction_scores", "accepted_signals",
            "forecasts", "price_bars", "producer_health");
    /** Resolved outcomes the meta-producer needs before it forecasts at all. */
    static final long META_GATE = 500;
    static final List<String> SKILLS = List.of("replay-momentum", "replay-onchain-flow", "replay-crowd-fade");

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final Gson GSON = new Gson();

    private final ReplayServices services;
    private final ReplaySettings settings;
    private final PriceHistory prices;
    private final List<PriceBar> bars;
    private final int first;
    private final int last;
    private final int end;
    private final Set<String> missingCycles = new HashSet<>();

    // what the current segment will write, in order
    private final List<PriceBar> pendingBars = new ArrayList<>();
    private final List<Runnable> pendingWrites = new ArrayList<>();
    private final List<AcceptedSignal> pendingSignals = new ArrayList<>();
    private final List<Forecast> pendingForecasts = new ArrayList<>();
    private final Map<Integer, Position> open = new LinkedHashMap<>();

    // statistics
    private int decisions;
    private int closed;
    private int forecasts;
    private int cycleRuns;
    private int weightCycles;
    private int reverts;
    private int failed;
    private double brierSum;
    private double pnl;
    private long resolved;
    private Instant metaGateAt;
    private final List<ReplayResult.WeightPoint> trajectory = new ArrayList<>();
    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private Map<Domain, Double> live;

    /**
     * @param services the engine's services
     * @param settings what to simulate
     * @param prices the hourly series, at least {@link ReplaySettings#hoursNeeded()} long
     */
    public Replay(ReplayServices services, ReplaySettings settings, PriceHistory prices) {
        if (prices.hourly().size() < settings.hoursNeeded()) {
            throw new IllegalArgumentException("the price series has " + prices.hourly().size() + " hours, the replay"
                    + " needs " + settings.hoursNeeded());
        }
        this.services = services;
        this.settings = settings;
        this.prices = prices;
        this.bars = prices.hourly();
        this.first = ReplaySettings.WARMUP_HOURS;
        this.last = first + settings.days() * 24 - 1;
        // one hour past the longest horizon: the resolver waits 5 minutes past a forecast's target
        this.end = last + settings.longestHours() + 1;
    }

    /** What a home holds, seen from the replay. */
    public sealed interface HomeState {
    }

    /** Nothing in the ledger: the replay may start. */
    public record Fresh() implements HomeState {
    }

    /** A replay with the same settings stopped after {@code lastHour}: it resumes after it. */
    public record Resumable(int lastHour) implements HomeState {
    }

    /** A replay with the same settings ran to its end: nothing to do. */
    public record Finished(String when) implements HomeState {
    }

    /** The home may not be replayed into; {@code reason} says why. */
    public record Refused(String reason) implements HomeState {
    }

    /**
     * Decides whether this replay may write into the engine's store: only into an empty ledger, or
     * into one a replay with the same settings started.
     *
     * @return the home's state
     */
    public HomeState inspectHome() {
        List<Event> started = services.events().query(new EventQuery(STARTED, null, 1));
        if (started.isEmpty()) {
            Map<String, Long> counts = services.ledger().counts();
            List<String> held = new ArrayList<>();
            for (String t : LEDGER_TABLES) {
                long n = counts.getOrDefault(t, 0L);
                if (n > 0) {
                    held.add(n + " " + t.replace('_', ' '));
                }
            }
            if (!held.isEmpty()) {
                return new Refused("the store at " + services.db().url() + " holds data that no replay wrote ("
                        + String.join(", ", held) + "); simulated rows must never mix with a real ledger."
                        + " Start the replay on a fresh home, for example -Dlearning.home=demo-home");
            }
            return new Fresh();
        }
        String stored = JsonParser.parseString(started.get(0).payload()).getAsJsonObject().get("fingerprint")
                .getAsString();
        if (!stored.equals(fingerprint())) {
            return new Refused("this home holds a replay with other settings (" + stored + "); the settings now are ("
                    + fingerprint() + "). Use a fresh home for a different replay");
        }
        List<Event> done = services.events().query(new EventQuery(FINISHED, null, 1));
        if (!done.isEmpty()) {
            return new Finished(done.get(0).ts().toString());
        }
        List<Event> progress = services.events().query(new EventQuery(PROGRESS, null, 1));
        if (progress.isEmpty()) {
            return new Resumable(first - 1);
        }
        return new Resumable(JsonParser.parseString(progress.get(0).payload()).getAsJsonObject().get("hour").getAsInt());
    }

    /** @return what identifies this replay's simulated data: same fingerprint, same rows */
    String fingerprint() {
        StringBuilder mix = new StringBuilder();
        for (SimProducer p : settings.producers()) {
            mix.append(p.id()).append('=').append(p.skillBefore());
            if (p.degrades()) {
                mix.append('>').append(p.skillAfter());
            }
            mix.append(' ');
        }
        return "seed=" + settings.seed() + " days=" + settings.days() + " asset=" + settings.asset() + " prices="
                + (settings.priceFile() == null ? "embedded" : settings.priceFile().getFileName()) + " hold="
                + settings.holdHours() + " producers=" + mix.toString().trim();
    }

    /**
     * Runs the replay from the start, or resumes it after {@code lastHour}.
     *
     * @param state from {@link #inspectHome()}: {@link Fresh} or {@link Resumable}
     * @param stop polled between segments: true stops the replay (it can be resumed)
     * @param progress told after every segment (simulated instant, fraction done)
     * @return what it did
     */
    public ReplayResult run(HomeState state, BooleanSupplier stop, Consumer<String> progress) {
        long t0 = System.nanoTime();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        int resumeAfter;
        if (state instanceof Fresh) {
            resumeAfter = first - 1;
            writeSkillFiles();
            JsonObject p = new JsonObject();
            p.addProperty("fingerprint", fingerprint());
            p.addProperty("prices", prices.description());
            p.addProperty("sim_start", bars.get(first).closeTime().toString());
            p.addProperty("sim_end", bars.get(end).closeTime().toString());
            services.events().append(new NewEvent(STARTED, bars.get(first).closeTime(), SOURCE, "replay:started",
                    p.toString()));
            pendingBars.addAll(bars.subList(0, first));
        } else if (state instanceof Resumable r) {
            resumeAfter = r.lastHour();
            reopen(resumeAfter);
            LOG.info("resuming the replay after simulated hour {} ({})", resumeAfter, bars.get(resumeAfter).closeTime());
        } else {
            throw new IllegalStateException("the replay cannot run on this home: " + state);
        }
        live = weightsNow();
        trajectory.add(new ReplayResult.WeightPoint(bars.get(Math.max(first, resumeAfter)).closeTime(), live, "start"));
        long wallStart = System.nanoTime();
        Instant simStart = bars.get(resumeAfter + 1).closeTime();
        int lastSweep = resumeAfter;
        int lastCorpus = resumeAfter;
        int lastWeights = firstWeightsCycle() - settings.weightsEveryDays() * 24;
        while (lastWeights + settings.weightsEveryDays() * 24 <= resumeAfter) {
            lastWeights += settings.weightsEveryDays() * 24;
        }
        boolean completed = false;
        int lastMeta = resumeAfter;
        for (int t = resumeAfter + 1; t <= end; t++) {
            pendingBars.add(bars.get(t));
            closeDue(t);
            if (t <= last) {
                if ((t - first) % settings.decideEveryHours() == 0) {
                    decide(t);
                }
                // at the last hour of a forecast period, so that the cycles at a segment's end see fresh calls
                if ((t - first + 1) % settings.forecastEveryHours() == 0) {
                    forecast(t);
                }
            }
            boolean segmentEnd = (t - first + 1) % settings.resolveEveryHours() == 0 || t == end;
            if (!segmentEnd) {
                continue;
            }
            flush(t);
            Instant now = bars.get(t).closeTime();
            runCycle(CycleNames.RESOLVE, now);
            // The aggregator rewrites every touched (producer, asset, horizon) group and producer pair
            // however few outcomes are new (459 pair rows with 18 producers), and the meta-producer's
            // index grows by every sub-ensemble of every episode: nothing at the engine's 30-minute
            // cadence, but a third of a replay's time at a 12-hour one. Both run every other day of
            // simulated time (and at the end): the console still follows, and the meta-producer gets
            // hundreds of calls a year. Neither feeds back into what the replay trades.
            if (t - lastMeta >= META_EVERY_HOURS || t == end) {
                runCycle(CycleNames.AGGREGATE, now);
                runCycle(CycleNames.META, now);
                lastMeta = t;
            }
            if (t - lastSweep >= settings.sweepEveryHours() || t == end) {
                runCycle(CycleNames.ATTRIBUTION, now);
                runCycle(CycleNames.KARMA, now);
                lastSweep = t;
            }
            if (t - lastCorpus >= settings.corpusEveryHours() || t == end) {
                runCycle(CycleNames.CORPUS, now);
                lastCorpus = t;
            }
            if (t - lastWeights >= settings.weightsEveryDays() * 24) {
                CycleReport w = runCycle(CycleNames.WEIGHTS, now);
                lastWeights = t;
                if (w != null) {
                    weightCycles++;
                    Object status = w.counts().get("status");
                    if ("reverted".equals(status)) {
                        reverts++;
                    }
                    live = weightsNow();
                    trajectory.add(new ReplayResult.WeightPoint(now, live, String.valueOf(status)));
                }
            }
            if (t == end) {
                services.events().append(new NewEvent(FINISHED, now, SOURCE, "replay:finished",
                        "{\"decisions\":" + decisions + "}"));
                completed = true;
            }
            progress.accept(now + " (" + Math.round(100.0 * (t - first) / (end - first)) + " %)");
            if (stop.getAsBoolean()) {
                break;
            }
            pace(wallStart, simStart, now);
        }
        return new ReplayResult(completed, simStart, bars.get(end).closeTime(), decisions, closed, forecasts, cycleRuns,
                weightCycles, reverts, failed, brierSum, pnl, resolved, metaGateAt, List.copyOf(trajectory),
                (System.nanoTime() - t0) / 1_000_000, (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000,
                prices.description(), timings());
    }

    private Map<String, Long> timings() {
        Map<String, Long> ms = new LinkedHashMap<>();
        nanos.forEach((k, v) -> ms.put(k, v / 1_000_000));
        return ms;
    }

    /**
     * The weights cadence is anchored so that a cycle falls at the first segment end past the cold
     * start (30 days after the first close): the learned weights show as early as the engine allows,
     * rather than up to a week later.
     */
    private int firstWeightsCycle() {
        int coldStartEnds = first + settings.holdHours() + 30 * 24;
        int r = settings.resolveEveryHours();
        int t = first - 1 + ((coldStartEnds - first + 1 + r - 1) / r) * r;
        int period = settings.weightsEveryDays() * 24;
        while (t - period > first) {
            t -= period;
        }
        return t;
    }

    private void pace(long wallStart, Instant simStart, Instant now) {
        Duration speed = settings.speed();
        if (speed == null) {
            return;
        }
        double simSeconds = Duration.between(simStart, now).toSeconds();
        long dueNanos = wallStart + (long) (simSeconds / speed.toSeconds() * 1e9);
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Map<Domain, Double> weightsNow() {
        LiveWeights w = services.weights().live();
        return new EnumMap<>(w.weights());
    }

    private CycleReport runCycle(String name, Instant now) {
        if (missingCycles.contains(name)) {
            return null;
        }
        long t0 = System.nanoTime();
        try {
            CycleReport r = services.cycles().run(name, now);
            nanos.merge(name, System.nanoTime() - t0, Long::sum);
            cycleRuns++;
            if (r.status() == CycleStatus.FAILED) {
                failed++;
                LOG.warn("replay: the {} cycle at {} failed: {}", name, now, r.error());
            }
            if (CycleNames.RESOLVE.equals(name) && r.counts().get("resolved") instanceof Number n) {
                resolved += n.longValue();
                if (metaGateAt == null && resolved >= META_GATE) {
                    metaGateAt = now;
                }
            }
            return r;
        } catch (NotFoundException e) {
            missingCycles.add(name);
            LOG.info("replay: no {} cycle is installed; the replay runs without it", name);
            return null;
        }
    }

    /** The producer's call at hour {@code t} over {@code hours}: +1 up or -1 down, with its loudness. */
    private record Call(int sign, double loudness) {
        double score() {
            return 0.5 + sign * loudness / 2;
        }

        double confidence() {
            return 0.5 + loudness / 2;
        }
    }

    private Call call(int producer, SimProducer p, int t, int hours) {
        boolean up = bars.get(t + hours).close() > bars.get(t).close();
        double progress = (double) (t - first) / Math.max(1, last - first);
        boolean right = Draws.uniform(settings.seed(), producer, t, hours * 2L) < 0.5 + p.skillAt(progress) / 2;
        int sign = (up == right) ? 1 : -1;
        double loudness = 0.2 + 0.7 * Draws.uniform(settings.seed(), producer, t, hours * 2L + 1);
        return new Call(sign, loudness);
    }

    private void decide(int t) {
        int hold = settings.holdHours();
        PriceBar bar = bars.get(t);
        Instant now = bar.closeTime();
        Map<Domain, double[]> sums = new EnumMap<>(Domain.class);
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < settings.producers().size(); i++) {
            SimProducer p = settings.producers().get(i);
            Call c = call(i, p, t, hold);
            calls.add(c);
            double[] s = sums.computeIfAbsent(p.domain(), d -> new double[2]);
            s[0] += c.score();
            s[1]++;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        double conviction = 0;
        double weightSum = 0;
        for (Map.Entry<Domain, double[]> e : sums.entrySet()) {
            double score = e.getValue()[0] / e.getValue()[1];
            scores.put(e.getKey().wireName(), score);
            double w = live.getOrDefault(e.getKey(), 0.0);
            conviction += w * score;
            weightSum += w;
        }
        conviction = weightSum > 0 ? conviction / weightSum : 0.5;
        boolean up = bars.get(t + hold).close() > bar.close();
        brierSum += (conviction - (up ? 1 : 0)) * (conviction - (up ? 1 : 0));
        decisions++;

        String id = "rp-" + t;
        double trailing = bar.close() / bars.get(t - ReplaySettings.WARMUP_HOURS).close() - 1;
        String regime = trailing > 0.03 ? "BULL" : trailing < -0.03 ? "BEAR" : "TRANSITION";
        List<String> skills = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        if (settings.skills() && t % 6 == 0) {
            if (trailing > 0 && scores.getOrDefault("technical", 0.5) > 0.55) {
                skills.add(SKILLS.get(0));
            }
            if (scores.getOrDefault("onchain", 0.5) > 0.65) {
                skills.add(SKILLS.get(1));
            }
            if (scores.getOrDefault("social", 0.5) < 0.35) {
                skills.add(SKILLS.get(2));
            }
            double high = 0;
            for (int k = t - ReplaySettings.WARMUP_HOURS; k < t; k++) {
                high = Math.max(high, bars.get(k).high());
            }
            if (bar.close() > high) {
                patterns.add("breakout-24h");
            }
        }
        Conviction c = new Conviction("c-" + id, "cycle-" + t, settings.asset(), conviction, now, scores, skills,
                patterns, null, null);
        double size = settings.sizeUsd() * 2 * conviction;
        Position pos = new Position(id, settings.asset(), Direction.LONG, PositionStatus.OPEN, now, null, null,
                c.id(), regime, null, bar.close(), null, size);
        pendingWrites.add(() -> {
            services.ledger().recordConviction(c);
            services.ledger().openPosition(pos);
        });
        open.put(t, pos);
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            if (call.sign() > 0) {
                SimProducer p = settings.producers().get(i);
                pendingSignals.add(new AcceptedSignal(id, p.id(), p.domain().wireName(), "sig-" + p.id() + "-" + t,
                        live.getOrDefault(p.domain(), 0.0), "long", call.confidence(), hold + "h"));
            }
        }
    }

    private void closeDue(int t) {
        Position pos = open.remove(t - settings.holdHours());
        if (pos == null) {
            return;
        }
        double exit = bars.get(t).close();
        double low = Double.POSITIVE_INFINITY;
        for (int k = t - settings.holdHours() + 1; k <= t; k++) {
            low = Math.min(low, bars.get(k).low());
        }
        double realized = pos.sizeUsd() * (exit / pos.entryPrice() - 1);
        double drawdown = Math.min(0, low / pos.entryPrice() - 1);
        PositionClose close = new PositionClose(bars.get(t).closeTime(), realized, drawdown, exit);
        pendingWrites.add(() -> services.ledger().closePosition(pos.id(), close));
        pnl += realized;
        closed++;
    }

    private void forecast(int t) {
        Instant now = bars.get(t).closeTime();
        String regime = "unknown";
        for (int i = 0; i < settings.producers().size(); i++) {
            SimProducer p = settings.producers().get(i);
            for (Horizon h : settings.horizons()) {
                Call c = call(i, p, t, (int) h.duration().toHours());
                pendingForecasts.add(new Forecast("rp-" + p.id() + "-" + t + "-" + h.label(), settings.asset(),
                        h.label(), c.sign() > 0 ? ForecastAction.LONG : ForecastAction.SHORT, c.confidence(),
                        p.id() + "@replay", regime, now, null));
            }
        }
    }

    /** Stores the segment's writes and its progress marker in one transaction. */
    private void flush(int t) {
        Instant now = bars.get(t).closeTime();
        long t0 = System.nanoTime();
        services.db().inTransaction(c -> {
            if (!pendingBars.isEmpty()) {
                services.ledger().recordPriceBars(List.copyOf(pendingBars));
            }
            long a = System.nanoTime();
            for (Runnable w : pendingWrites) {
                w.run();
            }
            long b = System.nanoTime();
            nanos.merge("ingest.positions", b - a, Long::sum);
            for (int i = 0; i < pendingSignals.size(); i += 10_000) {
                services.ledger().recordAcceptedSignals(
                        pendingSignals.subList(i, Math.min(pendingSignals.size(), i + 10_000)));
            }
            long d = System.nanoTime();
            nanos.merge("ingest.signals", d - b, Long::sum);
            for (int i = 0; i < pendingForecasts.size(); i += 10_000) {
                services.ledger().recordForecasts(
                        pendingForecasts.subList(i, Math.min(pendingForecasts.size(), i + 10_000)));
            }
            nanos.merge("ingest.forecasts", System.nanoTime() - d, Long::sum);
            services.events().append(new NewEvent(PROGRESS, now, SOURCE, "replay:progress:" + t,
                    "{\"hour\":" + t + ",\"sim_time\":\"" + now + "\"}"));
            return null;
        });
        nanos.merge("ingest", System.nanoTime() - t0, Long::sum);
        forecasts += pendingForecasts.size();
        pendingBars.clear();
        pendingWrites.clear();
        pendingSignals.clear();
        pendingForecasts.clear();
    }

    /** After a resume: the positions opened in the last {@code hold} hours before it are still open. */
    private void reopen(int lastHour) {
        for (int t = Math.max(first, lastHour - settings.holdHours() + 1); t <= Math.min(lastHour, last); t++) {
            Optional<Position> p = services.ledger().position("rp-" + t);
            if (p.isPresent() && p.get().status() == PositionStatus.OPEN) {
                open.put(t, p.get());
            }
        }
    }

    /** A few skill files the convictions reference, in {@code pending/}, unless they exist in any state. */
    private void writeSkillFiles() {
        Path dir = services.skillsDir();
        if (dir == null || !settings.skills()) {
            return;
        }
        Map<String, String> about = Map.of(
                SKILLS.get(0), "Go with a rising market when the technical domain agrees.",
                SKILLS.get(1), "Follow strong on-chain flow.",
                SKILLS.get(2), "Fade a gloomy crowd: buy when the social domain is bearish.");
        for (String name : SKILLS) {
            String file = name + ".md";
            if (Files.exists(dir.resolve("pending").resolve(file)) || Files.exists(dir.resolve("active").resolve(file))
                    || Files.exists(dir.resolve("archived").resolve(file))) {
                continue;
            }
            try {
                Files.createDirectories(dir.resolve("pending"));
                Files.writeString(dir.resolve("pending").resolve(file), "# " + name + "\n\nscore: 0\n\n"
                        + about.get(name) + "\n\nA simulated skill written by the replay (learning.replay).\n");
            } catch (IOException e) {
                LOG.warn("replay: cannot write the skill file {}: {}", dir.resolve("pending").resolve(file), e.toString());
            }
        }
    }

    /** @return the producers' ids and skills, for logs */
    public static String describe(List<SimProducer> producers) {
        return GSON.toJson(producers.stream().map(p -> p.id() + "=" + p.skillBefore()
                + (p.degrades() ? ">" + p.skillAfter() : "")).toList());
    }
}
