package learning.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import learning.api.forecast.ForecastOutcome;
import learning.api.forecast.OutcomeQuery;
import learning.api.karma.ProducerKarma;
import learning.api.ledger.Direction;
import learning.api.ledger.Position;
import learning.api.ledger.PositionStatus;
import learning.api.meta.MetaMode;
import learning.api.meta.MetaStatus;
import learning.api.weights.WeightPreset;
import learning.api.weights.WeightSource;
import learning.replay.internal.PriceHistory;
import learning.replay.internal.Replay;
import learning.replay.internal.ReplayResult;
import learning.replay.internal.ReplaySettings;
import learning.replay.internal.SimProducer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 60-day replay against the real components (the meta-producer in shadow mode included) on an
 * in-memory store: what a user would notice.
 */
class ShortReplayTest {
    static final ReplaySettings SETTINGS = ReplaySettings.defaults().withDays(60);
    static PriceHistory prices;

    @BeforeAll
    static void prices() {
        prices = PriceHistory.load(null, "ETH", SETTINGS.hoursNeeded(), SETTINGS.seed());
    }

    @Test
    void sixtyDaysMoveTheWeightsRankKarmaAndResolveOutcomes(@TempDir Path work) throws Exception {
        try (InProcessEngine engine = new InProcessEngine("jdbc:hsqldb:mem:short-" + System.nanoTime(), work,
                InProcessEngine.Learning.LEARNED_NO_GUARD)) {
            Replay replay = new Replay(engine.replayServices(), SETTINGS, prices);
            Replay.HomeState fresh = replay.inspectHome();
            assertInstanceOf(Replay.Fresh.class, fresh);
            ReplayResult r = replay.run(fresh, () -> false, at -> { });

            assertTrue(r.completed());
            assertEquals(60 * 12, r.decisions());
            assertEquals(0, r.failedCycles());
            // weights: learned, off the preset, the informative technical domain up, the noise domains down
            var live = engine.weights().live();
            assertEquals(WeightSource.LEARNED, live.source());
            var preset = WeightPreset.BALANCED.weights();
            assertNotEquals(preset, live.weights());
            assertTrue(live.weights().get(learning.api.weights.Domain.TECHNICAL) > preset.get(learning.api.weights.Domain.TECHNICAL),
                    "technical (the most skilled domain) rose: " + live.weights());
            assertTrue(live.weights().get(learning.api.weights.Domain.TRADFI) < preset.get(learning.api.weights.Domain.TRADFI),
                    "tradfi (pure noise) fell: " + live.weights());
            // karma: the best producers above the noise producers
            List<ProducerKarma> board = engine.karma().leaderboard(100);
            assertEquals(18, board.size());
            Map<String, Double> karma = new HashMap<>();
            board.forEach(k -> karma.put(k.producerId(), k.karmaScore()));
            double noise = (karma.get("sim-social-1") + karma.get("sim-social-2") + karma.get("sim-social-3")
                    + karma.get("sim-tradfi-1") + karma.get("sim-tradfi-2") + karma.get("sim-tradfi-3")) / 6;
            assertTrue(karma.get("sim-curator-1") > noise && karma.get("sim-onchain-1") > noise
                    && karma.get("sim-technical-1") > noise, "skilled producers above the noise: " + karma);
            // the meta-producer: past its gate within 60 days, its shadow forecasts stored and resolved
            assertTrue(r.metaGateAt() != null, "500 resolved outcomes, the meta-producer's gate, within 60 days");
            MetaStatus meta = engine.meta().status();
            assertEquals(MetaMode.SHADOW, meta.mode());
            assertTrue(meta.resolvedOutcomes() >= meta.requiredOutcomes(), "gate passed: " + meta);
            assertTrue(meta.shadowForecasts() > 0, "shadow forecasts stored: " + meta);
            assertTrue(meta.shadowRecord().resolved() > 0, "shadow forecasts resolved: " + meta);
            assertTrue(meta.shadowRecord().resolved() <= meta.shadowForecasts());
            assertTrue(meta.shadowRecord().winRate() != null && meta.shadowRecord().meanBrier() != null);
            assertTrue(meta.ensembleRecord() != null && meta.ensembleRecord().resolved() > 0,
                    "the ensemble's record over the same forecasts: " + meta);
            Map<String, Long> cycle = engine.metaCycleCounts();
            assertEquals(0L, cycle.getOrDefault("forecasts", 0L), "shadow mode answers nothing: " + cycle);
            assertTrue(cycle.getOrDefault("abstention.shadow_mode", 0L) > 0, "shadow_mode abstentions: " + cycle);
            assertTrue(cycle.getOrDefault("abstention.insufficient_data", 0L) > 0, "abstained before the gate: " + cycle);
            // outcomes: every producer forecast resolved (and the resolved shadow forecasts); each
            // producer's hit rate matches its skill
            assertEquals(r.forecasts() + meta.shadowRecord().resolved(), engine.outcomes().resolvedCount());
            for (SimProducer p : SETTINGS.producers()) {
                List<ForecastOutcome> os = engine.outcomes().outcomes(new OutcomeQuery(p.id(), null, null, null, 10_000));
                long right = os.stream().filter(o -> !o.forecastTs().isAfter(r.simStart().plus(java.time.Duration.ofDays(29))))
                        .filter(ForecastOutcome::directionCorrect).count();
                long n = os.stream().filter(o -> !o.forecastTs().isAfter(r.simStart().plus(java.time.Duration.ofDays(29))))
                        .count();
                double expected = 0.5 + p.skillBefore() / 2;
                double sd = Math.sqrt(expected * (1 - expected) / n);
                assertEquals(expected, (double) right / n, 4 * sd + 0.01, p.id() + " hit rate over " + n + " forecasts");
            }
            // positions: all closed, long, with a conviction and a sized by it
            Position p = engine.store().ledger().position("rp-" + (ReplaySettings.WARMUP_HOURS + 2)).orElseThrow();
            assertEquals(PositionStatus.CLOSED, p.status());
            assertEquals(Direction.LONG, p.direction());
            assertTrue(p.sizeUsd() > 0 && p.sizeUsd() < 2000);
            // skill files were written and fed
            assertTrue(engine.corpusSkills() > 0);
            // a second run finds the replay finished
            assertInstanceOf(Replay.Finished.class, replay.inspectHome());
        }
    }

    @Test
    void aHomeWithRealDataIsRefusedAndNothingIsWritten(@TempDir Path work) throws Exception {
        try (InProcessEngine engine = new InProcessEngine("jdbc:hsqldb:mem:refuse-" + System.nanoTime(), work,
                InProcessEngine.Learning.LEARNED)) {
            engine.store().ledger().openPosition(new Position("real-1", "BTC", Direction.LONG, PositionStatus.OPEN,
                    Instant.parse("2026-01-05T10:00:00Z"), null, null, null, null, null, 100.0, null, 1000.0));
            long events = engine.store().events().count(null);
            Replay replay = new Replay(engine.replayServices(), SETTINGS, prices);
            Replay.HomeState state = replay.inspectHome();
            Replay.Refused refused = assertInstanceOf(Replay.Refused.class, state);
            assertTrue(refused.reason().contains("1 positions") && refused.reason().contains("fresh home"),
                    refused.reason());
            assertEquals(events, engine.store().events().count(null), "nothing written");
            assertFalse(Files.exists(engine.skillsDir().resolve("pending").resolve("replay-momentum.md")));
        }
    }

    @Test
    void aStoppedReplayResumesWhereItStoppedAndEndsLikeAnUninterruptedOne(@TempDir Path work) throws Exception {
        ReplaySettings s = SETTINGS.withDays(5);
        ReplayResult whole;
        try (InProcessEngine engine = new InProcessEngine("jdbc:hsqldb:mem:whole-" + System.nanoTime(),
                work.resolve("a"), InProcessEngine.Learning.LEARNED)) {
            Replay replay = new Replay(engine.replayServices(), s, prices);
            whole = replay.run(replay.inspectHome(), () -> false, at -> { });
        }
        try (InProcessEngine engine = new InProcessEngine("jdbc:hsqldb:mem:resumed-" + System.nanoTime(),
                work.resolve("b"), InProcessEngine.Learning.LEARNED)) {
            int[] segments = {0};
            Replay first = new Replay(engine.replayServices(), s, prices);
            ReplayResult part = first.run(first.inspectHome(), () -> ++segments[0] >= 3, at -> { });
            assertFalse(part.completed());
            Replay second = new Replay(engine.replayServices(), s, prices);
            Replay.Resumable resume = assertInstanceOf(Replay.Resumable.class, second.inspectHome());
            ReplayResult rest = second.run(resume, () -> false, at -> { });
            assertTrue(rest.completed());
            assertEquals(whole.decisions(), part.decisions() + rest.decisions());
            assertEquals(whole.positionsClosed(), engine.store().ledger().positionsClosedBetween(Instant.EPOCH,
                    Instant.parse("2100-01-01T00:00:00Z")).size());
            assertEquals(whole.forecasts(), part.forecasts() + rest.forecasts());
        }
    }
}
