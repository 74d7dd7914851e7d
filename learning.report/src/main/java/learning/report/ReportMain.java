package learning.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import learning.api.karma.ProducerKarma;
import learning.api.meta.MetaStatus;
import learning.api.meta.MetaTrackRecord;
import learning.api.weights.Domain;
import learning.api.weights.WeightPreset;
import learning.replay.internal.PriceHistory;
import learning.replay.internal.Replay;
import learning.replay.internal.ReplayResult;
import learning.replay.internal.ReplaySettings;
import learning.replay.internal.SimProducer;

/**
 * The learning-quality report: the same replay with learning, with learning but no overfitting
 * guard, with the weights frozen at the preset, and with every producer pure noise; written to
 * {@code report.dir} (default {@code target/report}) as {@code learning-report.md} with SVG charts.
 *
 * <p>System properties: {@code report.dir}, {@code report.days} (365), {@code report.seed} (42),
 * {@code report.file.db} (true: HSQLDB file databases as the engine uses, false: in memory),
 * {@code report.meta.all} (false: only the learned run has the meta-producer; true: every run).
 */
public final class ReportMain {
    private static final WeightPreset PRESET = WeightPreset.BALANCED;
    private static final String LOAD_AT_START = loadAverage();

    private ReportMain() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Files.createDirectories(Paths.get(System.getProperty("report.dir", "target/report")));
        int days = Integer.getInteger("report.days", 365);
        long seed = Long.getLong("report.seed", 42L);
        boolean fileDb = Boolean.parseBoolean(System.getProperty("report.file.db", "false"));
        ReplaySettings learned = ReplaySettings.defaults().withDays(days).withSeed(seed);
        ReplaySettings noise = learned.withProducers(SimProducer.parse(SimProducer.NOISE_MIX));
        PriceHistory prices = PriceHistory.load(null, learned.asset(), learned.hoursNeeded(), seed);
        Path work = Files.createTempDirectory("learning-report");
        List<ReplayRun> runs = new ArrayList<>();
        boolean metaEverywhere = Boolean.getBoolean("report.meta.all");
        runs.add(timed("learned", InProcessEngine.Learning.LEARNED, learned, prices, work, fileDb, true));
        runs.add(timed("learned-no-guard", InProcessEngine.Learning.LEARNED_NO_GUARD, learned, prices, work, fileDb,
                metaEverywhere));
        runs.add(timed("frozen", InProcessEngine.Learning.FROZEN, learned, prices, work, fileDb, metaEverywhere));
        runs.add(timed("noise", InProcessEngine.Learning.LEARNED, noise, prices, work, fileDb, metaEverywhere));
        String md = new Writer(out, runs, prices, fileDb).write();
        Files.writeString(out.resolve("learning-report.md"), md);
        System.out.println("report written to " + out.resolve("learning-report.md"));
    }

    /** @return the 1-minute load average from /proc/loadavg, or "unknown" */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static ReplayRun timed(String name, InProcessEngine.Learning learning, ReplaySettings s,
            PriceHistory prices, Path work, boolean fileDb, boolean withMeta) throws IOException {
        System.out.printf(Locale.ROOT, "replay '%s' (%d days%s)...%n", name, s.days(), withMeta ? ", meta-producer" : "");
        ReplayRun r = ReplayRun.run(name, learning, s, prices, work, fileDb, withMeta);
        System.out.printf(Locale.ROOT, "  %.1f s wall, %.1f s CPU; per part (ms): %s%n", r.result().wallMillis() / 1000.0,
                r.result().cpuMillis() / 1000.0, r.result().millis());
        return r;
    }

    /** Writes the Markdown and the charts. */
    static final class Writer {
        private final Path out;
        private final Map<String, ReplayRun> runs = new LinkedHashMap<>();
        private final PriceHistory prices;
        private final boolean fileDb;
        private final StringBuilder md = new StringBuilder();

        Writer(Path out, List<ReplayRun> list, PriceHistory prices, boolean fileDb) {
            this.out = out;
            list.forEach(r -> runs.put(r.name(), r));
            this.prices = prices;
            this.fileDb = fileDb;
        }

        String write() throws IOException {
            ReplayRun learned = runs.get("learned");
            ReplayRun noGuard = runs.get("learned-no-guard");
            ReplayRun frozen = runs.get("frozen");
            ReplayRun noise = runs.get("noise");
            ReplaySettings s = learned.settings();
            double spearman = spearman(learned);
            double noiseDrift = maxDrift(noise);
            p("# Learning-quality report");
            p("");
            p(String.format(Locale.ROOT, "Generated by `learning.report` (`mvn -B -pl learning.report exec:java`). "
                    + "Seed %d, %d simulated days from %s to %s, asset %s, %s database.", s.seed(), s.days(),
                    learned.result().simStart(), learned.result().simEnd(), s.asset(),
                    fileDb ? "HSQLDB file" : "in-memory HSQLDB"));
            p("");
            p("## Summary");
            p("");
            p("| check | result | target | met |");
            p("|---|---|---|---|");
            row("karma ranking against the true skill ranking (Spearman, 18 producers)", f3(spearman), ">= 0.8",
                    spearman >= 0.8);
            row("ensemble Brier, learned (engine defaults) against frozen at the preset",
                    f4(learned.result().brier()) + " vs " + f4(frozen.result().brier()), "learned lower",
                    learned.result().brier() < frozen.result().brier());
            row("ensemble Brier, learned without the overfitting guard against frozen",
                    f4(noGuard.result().brier()) + " vs " + f4(frozen.result().brier()), "learned lower",
                    noGuard.result().brier() < frozen.result().brier());
            row("largest distance of any weight from its preset when every producer is noise (any time in the year)",
                    f3(noiseDrift), "<= 0.05", noiseDrift <= 0.05);
            row("informative domains rise, noise domains fall (learned without guard, final weights)",
                    risesAndFalls(noGuard), "yes", risesAndFalls(noGuard).startsWith("yes"));
            long maxWall = runs.values().stream().mapToLong(r -> r.result().wallMillis()).max().orElse(0);
            long minWall = runs.values().stream().mapToLong(r -> r.result().wallMillis()).min().orElse(0);
            long maxCpu = runs.values().stream().mapToLong(r -> r.result().cpuMillis()).max().orElse(0);
            row("wall time of one simulated year (fastest and slowest of the " + runs.size() + " runs; CPU time of the"
                    + " slowest in CPU)", String.format(Locale.ROOT, "%.1f s to %.1f s (CPU at most %.1f s)",
                            minWall / 1000.0, maxWall / 1000.0, maxCpu / 1000.0), "< 60 s", maxWall < 60_000);
            p("");
            p("The overfitting guard reverted the learned run to the preset " + learned.result().reverts() + " times in "
                    + learned.result().weightCycles() + " weekly cycles (see *The overfitting guard* below). The machine"
                    + " is shared with other builds: load average " + LOAD_AT_START + " when the report started, "
                    + loadAverage() + " when it ended, on " + Runtime.getRuntime().availableProcessors() + " cores;"
                    + " wall times vary with it, the CPU times much less.");
            p("");
            prices(s);
            producers(s);
            runsTable();
            trajectories();
            finalWeights(learned, noGuard);
            karma(learned, spearman);
            ensemble();
            meta(learned, noise);
            noise(noise, noiseDrift);
            guard(learned);
            return md.toString();
        }

        private void prices(ReplaySettings s) {
            p("## Prices");
            p("");
            p(prices.description() + ".");
            p("");
            p("The first " + prices.realHours() + " hourly bars are real; every later bar is **bootstrapped**"
                    + " (its `source` in `price_bars` says so). Returns are demeaned before resampling, so the"
                    + " synthetic year has no drift and a long-only book cannot win by the trend alone.");
            p("");
        }

        private void producers(ReplaySettings s) {
            p("## Simulated producers");
            p("");
            p("A producer of skill s sees the sign of the coming move over the call's horizon with probability"
                    + " 0.5 + s/2 (drawn independently per producer, hour and horizon); its loudness (how far its"
                    + " domain score lies from 0.5, and its stated confidence 0.5 + loudness/2) is drawn uniformly in"
                    + " [0.2, 0.9] whatever its skill, so noise producers speak as firmly as skilled ones. A domain's"
                    + " score is the mean of its producers' scores; the conviction is the live-weighted mean of the"
                    + " domain scores. Every " + s.decideEveryHours() + " hours the book opens one long position of"
                    + " `" + (int) s.sizeUsd() + " USD x 2 x conviction`, held " + s.holdHours() + " hours; its"
                    + " accepted signals name the producers that called up. Every " + s.forecastEveryHours()
                    + " hours each producer forecasts at " + horizons(s) + ". Cycles at simulated instants: resolve every "
                    + s.resolveEveryHours() + " h, aggregate and meta every " + Replay.META_EVERY_HOURS + " h, attribution and"
                    + " karma every " + s.sweepEveryHours() + " h, corpus every " + s.corpusEveryHours()
                    + " h, weights every " + s.weightsEveryDays() + " days.");
            p("");
            p("| producer | domain | skill, first half | skill, second half |");
            p("|---|---|---|---|");
            for (SimProducer pr : s.producers()) {
                p("| " + pr.id() + " | " + pr.domain().wireName() + " | " + pr.skillBefore() + " | " + pr.skillAfter()
                        + (pr.degrades() ? " (degrades)" : "") + " |");
            }
            p("");
        }

        private static String horizons(ReplaySettings s) {
            return String.join(", ", s.horizons().stream().map(h -> h.label()).toList());
        }

        private void runsTable() {
            p("## The runs");
            p("");
            p("| run | weights | wall s | CPU s | decisions | positions | forecasts resolved | cycle runs | weights cycles | reverts | ensemble Brier | PnL USD |");
            p("|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (ReplayRun r : runs.values()) {
                ReplayResult x = r.result();
                p(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %d | %d | %d | %d | %d | %d | %.4f | %.0f |",
                        r.name(), describe(r.learning()), x.wallMillis() / 1000.0, x.cpuMillis() / 1000.0,
                        x.decisions(), x.positionsClosed(), r.resolvedCount(), x.cycleRuns(), x.weightCycles(),
                        x.reverts(), x.brier(), x.pnlUsd()));
            }
            p("");
            p("Forecasts resolved include the meta-producer's resolved shadow forecasts. Reverts in the frozen run"
                    + " return pending proposals to the preset the live weights never left, so they change nothing. Where the wall time of the learned run went (ms): "
                    + runs.get("learned").result().millis() + ".");
            p("");
        }

        private static String describe(InProcessEngine.Learning l) {
            return switch (l) {
                case LEARNED -> "learned (engine defaults)";
                case LEARNED_NO_GUARD -> "learned, guard off";
                case FROZEN -> "frozen (approval never given)";
            };
        }

        private void trajectories() throws IOException {
            p("## Weight trajectories");
            p("");
            for (String name : List.of("learned", "learned-no-guard", "noise")) {
                ReplayRun r = runs.get(name);
                String file = "weights-" + name + ".svg";
                Files.writeString(out.resolve(file), chart(r));
                p("![weights, " + name + "](" + file + ")");
                p("");
            }
            p("The live weights at the start and after each weekly cycle (the preset in the legend). Red lines: the"
                    + " overfitting guard reverted to the preset.");
            p("");
        }

        private String chart(ReplayRun r) {
            List<Svg.Series> series = new ArrayList<>();
            List<ReplayResult.WeightPoint> t = r.result().trajectory();
            Instant start = t.get(0).at();
            double[] x = t.stream().mapToDouble(p -> Duration.between(start, p.at()).toHours() / 24.0).toArray();
            List<double[]> reverts = new ArrayList<>();
            for (ReplayResult.WeightPoint p : t) {
                if ("reverted".equals(p.status())) {
                    reverts.add(new double[] {Duration.between(start, p.at()).toHours() / 24.0});
                }
            }
            for (Domain d : Domain.values()) {
                series.add(new Svg.Series(d.wireName() + " (" + PRESET.weights().get(d) + ")", x, t.stream().mapToDouble(p -> p.weights().get(d)).toArray(),
                        false));
            }
            return Svg.lines("Domain weights, run '" + r.name() + "'", "simulated days", "weight", series, 0, 0.45,
                    reverts);
        }

        private void finalWeights(ReplayRun learned, ReplayRun noGuard) {
            p("## Final weight against true skill, per domain");
            p("");
            p("| domain | mean skill (first half) | mean skill (second half) | preset | final, learned | final, guard off | change (guard off) |");
            p("|---|---|---|---|---|---|---|");
            for (Domain d : Domain.values()) {
                double[] sk = domainSkill(learned.settings(), d);
                double pre = PRESET.weights().get(d);
                double fn = noGuard.finalWeights().get(d);
                p(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.3f | %.3f | %+.3f |", d.wireName(), sk[0],
                        sk[1], pre, learned.finalWeights().get(d), fn, fn - pre));
            }
            p("");
        }

        private static double[] domainSkill(ReplaySettings s, Domain d) {
            double a = 0;
            double b = 0;
            int n = 0;
            for (SimProducer p : s.producers()) {
                if (p.domain() == d) {
                    a += p.skillBefore();
                    b += p.skillAfter();
                    n++;
                }
            }
            return n == 0 ? new double[] {0, 0} : new double[] {a / n, b / n};
        }

        private String risesAndFalls(ReplayRun r) {
            List<String> wrong = new ArrayList<>();
            for (Domain d : Domain.values()) {
                double skill = domainSkill(r.settings(), d)[1];
                double change = r.finalWeights().get(d) - PRESET.weights().get(d);
                boolean floor = PRESET.weights().get(d) <= 0.05 + 1e-9;
                if (skill == 0 && change > 1e-9) {
                    wrong.add(d.wireName() + " (noise) rose");
                }
                if (skill > 0.3 && change <= 0) {
                    wrong.add(d.wireName() + " (informative) did not rise");
                }
                if (skill == 0 && !floor && change >= 0) {
                    wrong.add(d.wireName() + " (noise) did not fall");
                }
            }
            return wrong.isEmpty() ? "yes" : "no: " + String.join(", ", wrong);
        }

        private double spearman(ReplayRun r) {
            Map<String, Double> karma = new LinkedHashMap<>();
            r.karma().forEach(k -> karma.put(k.producerId(), k.karmaScore()));
            List<SimProducer> ps = r.settings().producers();
            double[] skill = ps.stream().mapToDouble(SimProducer::skillAfter).toArray();
            double[] k = ps.stream().mapToDouble(p -> karma.getOrDefault(p.id(), 0.0)).toArray();
            return Stats.spearman(skill, k);
        }

        private void karma(ReplayRun r, double spearman) throws IOException {
            p("## Karma ranking against true skill");
            p("");
            p(String.format(Locale.ROOT, "Spearman's rho between the producers' karma at the end and their true skill"
                    + " at the end (the degrading producer's is 0 by then; ties share their mean rank): **%.3f**.", spearman));
            p("Karma depends only on whether each trade won, and this book's trades are the same in every run, so the"
                    + " learned, guard-off and frozen runs have the same leaderboard.");
            p("");
            p("| rank | producer | true skill (end) | karma | wins | losses | forecast hit rate | mean forecast Brier |");
            p("|---|---|---|---|---|---|---|---|");
            Map<String, SimProducer> byId = new LinkedHashMap<>();
            r.settings().producers().forEach(p -> byId.put(p.id(), p));
            int rank = 1;
            List<ProducerKarma> board = r.karma();
            for (ProducerKarma k : board) {
                SimProducer p = byId.get(k.producerId());
                double[] b = r.producerBrier().get(k.producerId());
                p(String.format(Locale.ROOT, "| %d | %s | %s | %.3f | %d | %d | %s | %s |", rank++, k.producerId(),
                        p == null ? "?" : p.skillAfter() + (p.degrades() ? " (was " + p.skillBefore() + ")" : ""),
                        k.karmaScore(), k.winCount(), k.lossCount(), p == null ? "" : f3(0.5 + p.skillAfter() / 2)
                                + " expected", b == null ? "" : f3(b[0]) + " (" + (long) b[1] + ")"));
            }
            p("");
            double[] x = board.stream().mapToDouble(k -> byId.containsKey(k.producerId())
                    ? byId.get(k.producerId()).skillAfter() : 0).toArray();
            double[] y = board.stream().mapToDouble(ProducerKarma::karmaScore).toArray();
            String[] labels = board.stream().map(k -> k.producerId().replace("sim-", "")).toArray(String[]::new);
            Files.writeString(out.resolve("karma-vs-skill.svg"), Svg.scatter("Karma at the end against true skill",
                    "true skill at the end", "karma", x, y, labels, -0.05, 0.8, -1, 1));
            p("![karma against skill](karma-vs-skill.svg)");
            p("");
        }

        private void ensemble() {
            p("## Ensemble Brier and PnL");
            p("");
            p("The ensemble is the conviction, read as the probability that the price rises over the "
                    + runs.get("learned").settings().holdHours() + "-hour hold; its Brier score is"
                    + " `(conviction - rose)^2`, averaged over every decision. PnL is the book's realized PnL.");
            p("");
            p("| run | ensemble Brier | PnL USD | positions |");
            p("|---|---|---|---|");
            for (ReplayRun r : runs.values()) {
                p(String.format(Locale.ROOT, "| %s | %.4f | %.0f | %d |", r.name(), r.result().brier(),
                        r.result().pnlUsd(), r.result().positionsClosed()));
            }
            p("");
        }

        private void meta(ReplayRun r, ReplayRun noise) {
            p("## Meta-producer");
            p("");
            Instant gate = r.result().metaGateAt();
            p("Activation gate (500 resolved outcomes): "
                    + (gate == null ? "not reached" : "reached at " + gate + ", "
                            + Duration.between(r.result().simStart(), gate).toHours() + " simulated hours in")
                    + "; " + r.resolvedCount() + " outcomes resolved by the end (the meta-producer's own included).");
            p("");
            MetaStatus m = r.meta();
            p("The in-process engine runs the default meta-producer (`learning.meta`, every setting at its default:"
                    + " shadow mode, 10 episodes and a 0.60 win rate per pattern, back-off on) through the `meta`"
                    + " cycle, every " + learning.replay.internal.Replay.META_EVERY_HOURS + " simulated hours right"
                    + " after resolve and aggregate, for every asset and horizon with a producer forecast in the 2 hours before. In"
                    + " shadow mode each call it would have made is stored as a `meta-shadow` forecast, resolved like"
                    + " any other, and answered as a `shadow_mode` abstention. Its track record from `status()` at the"
                    + " end of the year (win rate with its Wilson 95 % interval; Brier `(confidence - correct)^2`,"
                    + " lower is better); the ensemble is the producers' majority call over the same asset, horizon"
                    + " and instant, with the mean confidence of the producers making it:");
            p("");
            p("| run | who | resolved | wins | win rate | Wilson 95 % | mean Brier |");
            p("|---|---|---|---|---|---|---|");
            for (ReplayRun x : List.of(r, noise)) {
                if (x.meta() == null) {
                    continue;
                }
                trackRow(x.name(), "meta-producer (shadow)", x.meta().shadowRecord());
                trackRow(x.name(), "producers' ensemble, same forecasts", x.meta().ensembleRecord());
            }
            p("");
            Map<String, Long> c = r.metaCycle();
            StringBuilder abst = new StringBuilder();
            c.forEach((k, v) -> {
                if (k.startsWith("abstention.")) {
                    abst.append(abst.length() == 0 ? "" : ", ").append('`').append(k.substring("abstention.".length()))
                            .append("` ").append(v);
                }
            });
            p("Learned run: " + m.shadowForecasts() + " shadow forecasts stored, " + m.shadowRecord().resolved()
                    + " of them resolved by the end. The `meta` cycle made "
                    + c.getOrDefault("calls", 0L) + " calls, answered " + c.getOrDefault("forecasts", 0L)
                    + " (none is answered in shadow mode) and abstained on the rest: " + (abst.length() == 0 ? "none"
                            : abst) + " (`shadow_mode`: a forecast it would have made, stored as a shadow forecast). "
                    + m.resolvedOutcomes() + " producer outcomes seen (gate " + m.requiredOutcomes() + ").");
            p("");
            p("**What it says.** " + verdict(m) + (noise.meta() == null ? ""
                    : " The noise run, where no producer has skill, is the control: "
                            + verdict(noise.meta()).replace("Going live would", "going live would")));
            p("");
            String without = String.join(", ", runs.values().stream().filter(x -> x.meta() == null)
                    .map(x -> "`" + x.name() + "`").toList());
            if (!without.isEmpty()) {
                p("Only runs with the meta-producer show it; " + without + " ran without it (no `meta` cycle"
                        + " installed, `-Dreport.meta.all=true` adds it). In shadow mode it changes nothing the other"
                        + " cycles see, and its index is the replay's most expensive part with 18 producers per"
                        + " episode: each episode is counted under up to 171 sub-patterns (every set of up to 2"
                        + " of its 18 calls: the index keeps at most 256 per episode). Compare the learned run's `meta` time in *The runs* above.");
            }
            p("");
        }

        private void trackRow(String run, String who, MetaTrackRecord t) {
            if (t == null || t.resolved() == 0) {
                p("| " + run + " | " + who + " | 0 | 0 | - | - | - |");
                return;
            }
            p(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.3f to %.3f | %.4f |", run, who, t.resolved(),
                    t.wins(), t.winRate(), t.wilsonLow(), t.wilsonHigh(), t.meanBrier()));
        }

        /**
         * Going live is earned when the shadow record beats the ensemble's over the same forecasts on
         * both the win rate and the mean Brier; clearly so when the shadow win rate's Wilson lower
         * bound lies above the ensemble's win rate.
         */
        static String verdict(MetaStatus m) {
            MetaTrackRecord own = m.shadowRecord();
            MetaTrackRecord ens = m.ensembleRecord();
            if (own == null || own.resolved() == 0) {
                return "No shadow forecast was resolved, so there is nothing to judge going live by.";
            }
            if (ens == null || ens.resolved() == 0) {
                return "There is no ensemble record to compare the shadow record with.";
            }
            boolean win = own.winRate() > ens.winRate();
            boolean brier = own.meanBrier() < ens.meanBrier();
            boolean clear = own.wilsonLow() > ens.winRate();
            String figures = String.format(Locale.ROOT, "win rate %.3f against %.3f, mean Brier %.4f against %.4f over %d"
                    + " resolved forecasts", own.winRate(), ens.winRate(), own.meanBrier(), ens.meanBrier(), own.resolved());
            if (win && brier) {
                return "Going live would have been earned: the shadow record beats the ensemble's (" + figures + ")"
                        + (clear ? ", and its Wilson lower bound " + String.format(Locale.ROOT, "%.3f", own.wilsonLow())
                                + " lies above the ensemble's win rate."
                                : ", though the ensemble's win rate lies inside the shadow win rate's Wilson interval,"
                                        + " so the margin is not yet beyond chance.");
            }
            return "Going live would not have been earned: the shadow record does not beat the ensemble's on "
                    + (!win && !brier ? "either win rate or Brier" : !win ? "win rate" : "Brier") + " (" + figures
                    + "), so switching it live would not have improved on the producers it learns from.";
        }

        private double maxDrift(ReplayRun r) {
            double max = 0;
            for (ReplayResult.WeightPoint p : r.result().trajectory()) {
                for (Domain d : Domain.values()) {
                    max = Math.max(max, Math.abs(p.weights().get(d) - PRESET.weights().get(d)));
                }
            }
            return max;
        }

        private void noise(ReplayRun r, double drift) {
            p("## Pure noise");
            p("");
            p(String.format(Locale.ROOT, "Every producer at skill 0, everything else as in the learned run (engine"
                    + " defaults). Largest distance of any domain's weight from its preset at any weekly cycle: **%.4f**"
                    + " (target: within 0.05). The overfitting guard reverted %d times.", drift, r.result().reverts()));
            p("");
            p("| domain | preset | final | largest distance during the year |");
            p("|---|---|---|---|");
            for (Domain d : Domain.values()) {
                double pre = PRESET.weights().get(d);
                double m = 0;
                for (ReplayResult.WeightPoint p : r.result().trajectory()) {
                    m = Math.max(m, Math.abs(p.weights().get(d) - pre));
                }
                p(String.format(Locale.ROOT, "| %s | %.2f | %.4f | %.4f |", d.wireName(), pre, r.finalWeights().get(d), m));
            }
            p("");
        }

        private void guard(ReplayRun r) {
            p("## The overfitting guard");
            p("");
            p("The guard reverts to the preset when the window's mean PnL fell three weekly cycles in a row. Each week"
                    + " the 30-day window gains one week and drops one, so consecutive changes of its mean are nearly"
                    + " independent coin flips whatever the producers' skill: three falls in a row come about every"
                    + " 14 cycles on average, several times a year, and each revert throws the learned weights away."
                    + " The learned run had " + r.result().reverts() + " reverts in " + r.result().weightCycles()
                    + " cycles; the guard-off run shows what the correlation rule learns without them. This is the"
                    + " engine's designed behaviour (DESIGN.md section 4), reported here rather than changed.");
            p("");
        }

        private void row(String what, String result, String target, boolean met) {
            p("| " + what + " | " + result + " | " + target + " | " + (met ? "yes" : "**no**") + " |");
        }

        private void p(String line) {
            md.append(line).append('\n');
        }

        private static String f3(double v) {
            return String.format(Locale.ROOT, "%.3f", v);
        }

        private static String f4(double v) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
    }
}
