package learning.karma.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.ConflictException;
import learning.api.NotFoundException;
import learning.api.event.Event;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.karma.KarmaSweep;
import learning.api.karma.KarmaUpdate;
import learning.api.karma.ProducerKarma;
import learning.api.karma.ProducerOutcome;
import learning.api.karma.ProducerScore;
import learning.api.ledger.AcceptedSignal;
import learning.api.ledger.Direction;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.api.ledger.ProducerHealth;
import learning.store.internal.Store;

class EmaKarmaServiceTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private Store store;
    private EmaKarmaService karma;
    private int signalCounter;

    @BeforeEach
    void open() {
        store = Store.open("jdbc:hsqldb:mem:" + UUID.randomUUID());
        karma = new EmaKarmaService(store.database(), store.events());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void oneWinFromZeroGivesFiveHundredthsThenALossGivesMinusAQuarterPercent() {
        trade("t-1", T0, 100.0, signal("producer.ta", "technical", 1.0, 0.7));
        KarmaUpdate win = karma.applyTrade("t-1");

        assertTrue(win.applied());
        assertEquals(List.of(new ProducerOutcome("producer.ta", "technical", 1.0, 1.0, 0.05)), win.producers());
        ProducerKarma afterWin = only(karma.leaderboard(10));
        assertEquals(0.05, afterWin.karmaScore());
        assertEquals(1, afterWin.winCount());
        assertEquals(1, afterWin.totalTrades());

        trade("t-2", T0.plusSeconds(60), -50.0, signal("producer.ta", "technical", 1.0, 0.7));
        KarmaUpdate loss = karma.applyTrade("t-2");

        assertEquals(-1.0, loss.producers().get(0).outcome());
        ProducerKarma afterLoss = only(karma.leaderboard(10));
        assertEquals(0.05 * 0.95 - 0.05, afterLoss.karmaScore(), 1e-15);
        assertEquals(-0.0025, afterLoss.karmaScore(), 1e-12);
        assertEquals(1, afterLoss.lossCount());
        assertEquals(2, afterLoss.totalTrades());
        assertEquals(-0.0525, loss.producers().get(0).karmaDelta(), 1e-12);
    }

    @Test
    void pnlWithinOneCentIsNeutralLeavesKarmaAndIsCounted() {
        trade("t-1", T0, 100.0, signal("p", "onchain", 1.0, null));
        trade("t-2", T0.plusSeconds(60), 0.005, signal("p", "onchain", 1.0, null));

        karma.sweep(T0.plusSeconds(60));

        ProducerKarma k = only(karma.leaderboard(10));
        assertEquals(0.05, k.karmaScore());
        assertEquals(1, k.neutralCount());
        assertEquals(2, k.totalTrades());
        assertEquals(0, k.lossCount());
    }

    @Test
    void twoAcceptedSignalsOfOneProducerForOneTradeGiveOneUpdateWithSummedWeight() {
        trade("t-1", T0, 100.0, signal("producer.ta", "technical", 0.4, 0.6), signal("producer.ta", "technical", 0.6, 0.8));

        KarmaUpdate u = karma.applyTrade("t-1");

        assertEquals(1, u.producers().size());
        assertEquals(1.0, u.producers().get(0).contributionWeight(), 1e-12);
        ProducerKarma k = only(karma.leaderboard(10));
        assertEquals(0.05, k.karmaScore());
        assertEquals(1, k.totalTrades());
    }

    @Test
    void replayingTheSameTradeOrRunningTheSweepTwiceChangesNothing() {
        trade("t-1", T0, 100.0, signal("a", "technical", 1.0, 0.7), signal("b", "social", 1.0, 0.7));
        KarmaUpdate first = karma.applyTrade("t-1");
        List<ProducerKarma> before = karma.leaderboard(10);
        long eventsBefore = store.events().count(null);

        KarmaUpdate replay = karma.applyTrade("t-1");
        KarmaSweep sweep1 = karma.sweep(T0);
        KarmaSweep sweep2 = karma.sweep(T0);

        assertFalse(replay.applied());
        assertEquals(first.producers(), replay.producers());
        assertEquals(first.confidenceBucket(), replay.confidenceBucket());
        assertEquals(0, sweep1.trades());
        assertEquals(0, sweep2.producerUpdates());
        assertEquals(before, karma.leaderboard(10));
        assertEquals(eventsBefore, store.events().count(null));
    }

    @Test
    void sweepAppliesTradesClosedWithoutTheCloseCallOnce() {
        trade("t-1", T0, 100.0, signal("a", "technical", 1.0, 0.7));
        trade("t-2", T0.plusSeconds(60), 100.0, signal("a", "technical", 1.0, 0.7), signal("b", "social", 1.0, 0.5));
        trade("t-3", T0.plusSeconds(120), 100.0, signal("a", "technical", 1.0, 0.7));

        KarmaSweep first = karma.sweep(T0.plusSeconds(60));
        KarmaSweep second = karma.sweep(T0.plusSeconds(120));
        KarmaSweep third = karma.sweep(T0.plusSeconds(120));

        assertEquals(2, first.trades());
        assertEquals(3, first.producerUpdates());
        assertEquals(1, second.trades());
        assertEquals(0, third.trades());
        assertEquals(3, store.events().count(EventTypes.ATTRIBUTION_OUTCOME));
        assertEquals(3, byProducer(karma.leaderboard(10)).get("a").totalTrades());
    }

    @Test
    void sweepAppliesEveryProducerOnceAcrossChunkBoundaries() {
        // Chunks of 7 signal rows: trades of 3 signals are cut at the boundary, and one trade has
        // more signals than a chunk holds.
        EmaKarmaService small = new EmaKarmaService(store.database(), store.events(), 7);
        for (int i = 0; i < 12; i++) {
            trade("t-" + i, T0.plusSeconds(i / 3), 10.0, signal("a", "technical", 1.0, null),
                    signal("b", "social", 1.0, null), signal("c", "onchain", 1.0, null));
        }
        PendingSignal[] wide = new PendingSignal[10];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = signal("p" + i, "events", 1.0, null);
        }
        trade("wide", T0.plusSeconds(2), -10.0, wide);

        KarmaSweep sweep = small.sweep(T0.plusSeconds(10));

        assertEquals(13, sweep.trades());
        assertEquals(36 + 10, sweep.producerUpdates());
        Map<String, ProducerKarma> board = byProducer(small.leaderboard(100));
        assertEquals(12, board.get("a").totalTrades());
        assertEquals(12, board.get("c").totalTrades());
        assertEquals(1, board.get("p9").totalTrades());
        assertEquals(13, store.events().count(EventTypes.ATTRIBUTION_OUTCOME), "one event per trade");
        assertEquals(0, small.sweep(T0.plusSeconds(10)).trades());
    }

    @Test
    void outcomeEventCarriesTheReferencePayloadAndABucketFromConfidence() {
        // The reference's test 4.6-7: pnl 50 with one signal of producer.social.
        trade("t-1", T0, 50.0, signal("producer.social", "social", 1.0, 0.5));

        karma.applyTrade("t-1");

        Event e = store.events().byDedupeKey("attribution.outcome:t-1").orElseThrow();
        assertEquals(EventTypes.ATTRIBUTION_OUTCOME, e.type());
        assertEquals("karma.attribution", e.source());
        assertEquals(T0, e.ts());
        assertEquals("{\"confidence_bucket\":\"mid\",\"producers\":[{\"contribution_weight\":1.0,\"domain\":\"social\","
                + "\"karma_delta\":0.05,\"outcome\":1.0,\"producer_id\":\"producer.social\"}],\"realized_pnl_usd\":50.0,"
                + "\"trade_id\":\"t-1\"}", e.payload());
    }

    @Test
    void confidenceBucketFollowsTheSignalsMeanConfidenceNotThePnl() {
        trade("high", T0, 500.0, signal("a", "technical", 1.0, 0.9), signal("b", "social", 1.0, 0.5));
        trade("low", T0, 500.0, signal("a", "technical", 1.0, 0.3), signal("b", "social", 1.0, null));
        trade("mid", T0, 1.0, signal("a", "technical", 1.0, 0.65));
        trade("unknown", T0, 1.0, signal("a", "technical", 1.0, null));

        assertEquals("high", karma.applyTrade("high").confidenceBucket());
        assertEquals("low", karma.applyTrade("low").confidenceBucket());
        assertEquals("mid", karma.applyTrade("mid").confidenceBucket());
        assertEquals("unknown", karma.applyTrade("unknown").confidenceBucket());
    }

    @Test
    void producerWhoseSignalArrivesLateIsAppliedOnceWithAnEventOfItsOwn() {
        trade("t-1", T0, 100.0, signal("a", "technical", 1.0, 0.7));
        karma.applyTrade("t-1");

        store.ledger().recordAcceptedSignals(List.of(signal("b", "social", 1.0, 0.7).forTrade("t-1")));
        KarmaUpdate late = karma.applyTrade("t-1");
        KarmaUpdate replay = karma.applyTrade("t-1");

        assertTrue(late.applied());
        assertEquals(List.of("b"), late.producers().stream().map(ProducerOutcome::producerId).toList());
        assertTrue(store.events().byDedupeKey("attribution.outcome:t-1:2").isPresent());
        assertFalse(replay.applied());
        assertEquals(2, replay.producers().size());
        assertEquals(1, byProducer(karma.leaderboard(10)).get("a").totalTrades());
        assertEquals(1, byProducer(karma.leaderboard(10)).get("b").totalTrades());
    }

    @Test
    void signalAcceptedAfterASweepAppliedItsTradeIsAppliedByTheNextSweepOnce() {
        trade("t-1", T0, 100.0, signal("a", "technical", 1.0, 0.7));
        assertEquals(1, karma.sweep(T0.plusSeconds(60)).trades());

        store.ledger().recordAcceptedSignals(List.of(signal("b", "social", 1.0, 0.7).forTrade("t-1")));
        KarmaSweep late = karma.sweep(T0.plusSeconds(120));
        KarmaSweep again = karma.sweep(T0.plusSeconds(180));

        assertEquals(1, late.trades());
        assertEquals(1, late.producerUpdates());
        assertEquals(0, again.trades());
        assertEquals(1, byProducer(karma.leaderboard(10)).get("a").totalTrades());
        assertEquals(1, byProducer(karma.leaderboard(10)).get("b").totalTrades());
    }

    @Test
    void tradesAppliedWithOneRowPerProducerStayAppliedAfterTheMigrationToOneRowPerTrade() {
        store.close();
        store = Store.open("jdbc:hsqldb:mem:" + UUID.randomUUID());
        store.database().migrate(KarmaSchema.MODULE, KarmaSchema.migrations().subList(0, 1));
        trade("t-1", T0, 100.0, signal("a", "technical", 1.0, 0.7), signal("b", "social", 0.5, 0.7));
        // What the earlier release wrote: producer a applied with the trade, b by a later call.
        String first = store.events().append(new NewEvent(EventTypes.ATTRIBUTION_OUTCOME, T0, EmaKarmaService.SOURCE,
                "attribution.outcome:t-1", "{\"confidence_bucket\":\"high\",\"producers\":[{\"contribution_weight\":1.0,"
                        + "\"domain\":\"technical\",\"karma_delta\":0.05,\"outcome\":1.0,\"producer_id\":\"a\"}],"
                        + "\"realized_pnl_usd\":100.0,\"trade_id\":\"t-1\"}")).event().id();
        String second = store.events().append(new NewEvent(EventTypes.ATTRIBUTION_OUTCOME, T0, EmaKarmaService.SOURCE,
                "attribution.outcome:t-1:2", "{\"confidence_bucket\":\"high\",\"producers\":[{\"contribution_weight\":0.5,"
                        + "\"domain\":\"social\",\"karma_delta\":0.05,\"outcome\":1.0,\"producer_id\":\"b\"}],"
                        + "\"realized_pnl_usd\":100.0,\"trade_id\":\"t-1\"}")).event().id();
        store.database().inTransaction(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("INSERT INTO karma_applied VALUES ('t-1', 'a', 'technical', 1.0, 1.0, 0.05, '" + first
                        + "', TIMESTAMP '2026-01-05 10:00:01'), ('t-1', 'b', 'social', 0.5, 1.0, 0.05, '" + second
                        + "', TIMESTAMP '2026-01-05 10:00:02')");
                s.execute("INSERT INTO producer_karma VALUES ('a', 0.05, 1, 0, 0, 1, TIMESTAMP '2026-01-05 10:00:01'),"
                        + " ('b', 0.05, 1, 0, 0, 1, TIMESTAMP '2026-01-05 10:00:02')");
            }
            return null;
        });

        karma = new EmaKarmaService(store.database(), store.events());
        KarmaUpdate replay = karma.applyTrade("t-1");
        KarmaSweep sweep = karma.sweep(T0.plusSeconds(60));

        assertFalse(replay.applied());
        assertEquals(List.of(new ProducerOutcome("a", "technical", 1.0, 1.0, 0.05),
                new ProducerOutcome("b", "social", 0.5, 1.0, 0.05)), replay.producers());
        assertEquals(0, sweep.trades());
        assertEquals(1, byProducer(karma.leaderboard(10)).get("a").totalTrades());
        assertEquals(1, byProducer(karma.leaderboard(10)).get("b").totalTrades());
        // A producer whose signal comes now gets the trade's third event.
        store.ledger().recordAcceptedSignals(List.of(signal("c", "onchain", 1.0, 0.7).forTrade("t-1")));
        assertTrue(karma.applyTrade("t-1").applied());
        assertTrue(store.events().byDedupeKey("attribution.outcome:t-1:3").isPresent());
        assertEquals(3, karma.applyTrade("t-1").producers().size());
    }

    @Test
    void tradeReportedClosedAfterASweepWithAnEarlierCloseTimeIsAppliedByTheNextSweep() {
        trade("t-1", T0, 100.0, signal("a", "technical", 1.0, 0.7));
        assertEquals(1, karma.sweep(T0.plusSeconds(3600)).trades());

        trade("t-0", T0.minusSeconds(600), -100.0, signal("a", "technical", 1.0, 0.7));
        assertEquals(1, karma.sweep(T0.plusSeconds(3600)).trades());
        assertEquals(0, karma.sweep(T0.plusSeconds(7200)).trades());

        ProducerKarma a = byProducer(karma.leaderboard(10)).get("a");
        assertEquals(2, a.totalTrades());
        assertEquals(1, a.lossCount());
    }

    @Test
    void tradeWithoutSignalsChangesNothing() {
        trade("t-1", T0, 100.0);

        KarmaUpdate u = karma.applyTrade("t-1");

        assertFalse(u.applied());
        assertTrue(u.producers().isEmpty());
        assertEquals("unknown", u.confidenceBucket());
        assertTrue(karma.leaderboard(10).isEmpty());
        assertEquals(0, store.events().count(EventTypes.ATTRIBUTION_OUTCOME));
    }

    @Test
    void unknownTradeIsNotFoundAndOpenTradeIsAConflict() {
        assertEquals("id", assertThrows(NotFoundException.class, () -> karma.applyTrade("nope")).field());
        store.ledger().openPosition(position("open-1", T0));
        assertEquals("id", assertThrows(ConflictException.class, () -> karma.applyTrade("open-1")).field());
    }

    @Test
    void afterTwoHundredTradesAProducerThatWinsSeventyPercentRanksAboveOneThatWinsForty() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            boolean good = i % 2 == 0;
            boolean win = random.nextDouble() < (good ? 0.70 : 0.40);
            trade("t-" + i, T0.plus(Duration.ofHours(i)), win ? 25.0 : -20.0,
                    signal(good ? "good" : "poor", "technical", 1.0, 0.6));
        }

        karma.sweep(T0.plus(Duration.ofHours(200)));

        List<ProducerKarma> board = karma.leaderboard(10);
        assertEquals(List.of("good", "poor"), board.stream().map(ProducerKarma::producerId).toList());
        assertTrue(board.get(0).karmaScore() > 0, "mostly winning: karma above 0");
        assertTrue(board.get(1).karmaScore() < 0, "mostly losing: karma below 0");
        Map<String, ProducerScore> scores = karma.scoreProducers(T0.plus(Duration.ofHours(200))).stream()
                .collect(Collectors.toMap(ProducerScore::producerId, Function.identity()));
        assertTrue(scores.get("good").winRate() > scores.get("poor").winRate());
    }

    @Test
    void winRateIsNullBelowTwentyTradesAndEachProducersOwnAbove() {
        Instant asOf = T0.plus(Duration.ofDays(40));
        // 25 trades each in the window: a wins 20, b wins 10; c only 19.
        for (int i = 0; i < 25; i++) {
            Instant at = asOf.minus(Duration.ofHours(i + 1));
            trade("a-" + i, at, i < 20 ? 10.0 : -10.0, signal("a", "onchain", 1.0, null));
            trade("b-" + i, at, i < 10 ? 10.0 : -10.0, signal("b", "social", 1.0, null));
            if (i < 19) {
                trade("c-" + i, at, 10.0, signal("c", "events", 1.0, null));
            }
        }
        // Outside the 30-day window: never counted.
        trade("a-old", asOf.minus(Duration.ofDays(31)), -10.0, signal("a", "onchain", 1.0, null));

        Map<String, ProducerScore> scores = karma.scoreProducers(asOf).stream()
                .collect(Collectors.toMap(ProducerScore::producerId, Function.identity()));

        assertEquals(25, scores.get("a").observations());
        assertEquals(0.8, scores.get("a").winRate(), 1e-12);
        assertEquals(0.4, scores.get("b").winRate(), 1e-12);
        assertNotEquals(scores.get("a").winRate(), scores.get("b").winRate());
        assertEquals(19, scores.get("c").observations());
        assertNull(scores.get("c").winRate());
    }

    @Test
    void scoringReportsStalenessAndCappedErrorRateFromHealthEvenWithoutSignals() {
        Instant asOf = T0.plus(Duration.ofHours(5));
        store.ledger().reportProducerHealth(new ProducerHealth("healthy", T0, 3));
        store.ledger().reportProducerHealth(new ProducerHealth("broken", null, 15));
        trade("t-1", T0, 10.0, signal("quiet", "events", 1.0, null));
        karma.applyTrade("t-1");

        Map<String, ProducerScore> scores = karma.scoreProducers(asOf).stream()
                .collect(Collectors.toMap(ProducerScore::producerId, Function.identity()));

        assertEquals(Duration.ofHours(5), scores.get("healthy").staleness());
        assertEquals(0.3, scores.get("healthy").errorRate(), 1e-12);
        assertNull(scores.get("healthy").karma());
        assertNull(scores.get("broken").staleness());
        assertEquals(1.0, scores.get("broken").errorRate());
        assertNull(scores.get("quiet").staleness());
        assertEquals(0.0, scores.get("quiet").errorRate());
        assertEquals(0.05, scores.get("quiet").karma());
        assertEquals(1, scores.get("quiet").observations());
    }

    @Test
    void domainMultiplierIsOnePlusTheMeanKarmaOfTheProducersLatestDomain() {
        trade("t-1", T0, 100.0, signal("ta-1", "technical", 1.0, null), signal("ta-2", "technical", 1.0, null));
        trade("t-2", T0.plusSeconds(60), -100.0, signal("ta-2", "technical", 1.0, null));
        // sw names onchain first, then social: it counts for social only.
        trade("t-3", T0.plusSeconds(120), 100.0, signal("sw", "onchain", 1.0, null));
        store.ledger().recordAcceptedSignals(List.of(signal("sw", "social", 1.0, null).forTrade("t-open")));
        karma.sweep(T0.plusSeconds(120));

        Map<String, Double> m = karma.domainMultipliers();

        double ta2 = 0.05 * 0.95 - 0.05;
        assertEquals(1.0 + (0.05 + ta2) / 2, m.get("technical"), 1e-12);
        assertEquals(1.05, m.get("social"), 1e-12);
        assertFalse(m.containsKey("onchain"));
    }

    @Test
    void cycleRunsTheSweepAndReportsItsCounts() {
        trade("t-1", T0, 100.0, signal("a", "technical", 1.0, 0.7), signal("b", "social", 1.0, 0.7));

        Map<String, Object> counts = new KarmaCycle(karma).run(T0);

        assertEquals(Map.of("trades", 1, "producer_updates", 2), counts);
    }

    @Test
    void payloadNumbersSurviveTheEventLogsCanonicalForm() {
        trade("t-1", T0, 12.345, signal("a", "technical", 0.25, 0.7));
        karma.applyTrade("t-1");
        JsonObject o = JsonParser.parseString(store.events().byDedupeKey("attribution.outcome:t-1").orElseThrow().payload())
                .getAsJsonObject();
        assertEquals(12.345, o.get("realized_pnl_usd").getAsDouble());
        assertEquals(0.25, o.getAsJsonArray("producers").get(0).getAsJsonObject().get("contribution_weight").getAsDouble());
    }

    // ---- fixtures -------------------------------------------------------------------------

    /** A signal not yet bound to a trade. */
    private record PendingSignal(String producerId, String domain, double weight, Double confidence, String eventId) {
        AcceptedSignal forTrade(String tradeId) {
            return new AcceptedSignal(tradeId, producerId, domain, eventId, weight, "long", confidence, "4h");
        }
    }

    private PendingSignal signal(String producer, String domain, double weight, Double confidence) {
        return new PendingSignal(producer, domain, weight, confidence, "sig-" + (++signalCounter));
    }

    private static Position position(String id, Instant openedAt) {
        return new Position(id, "BTC", Direction.LONG, PositionStatus.OPEN, openedAt, null, null, null, null, null, null,
                null, null);
    }

    private void trade(String id, Instant closedAt, double pnl, PendingSignal... signals) {
        store.ledger().openPosition(position(id, closedAt.minus(Duration.ofHours(1))));
        if (signals.length > 0) {
            List<AcceptedSignal> batch = new ArrayList<>();
            for (PendingSignal s : signals) {
                batch.add(s.forTrade(id));
            }
            store.ledger().recordAcceptedSignals(batch);
        }
        store.ledger().closePosition(id, new PositionClose(closedAt, pnl, null, null));
    }

    private static ProducerKarma only(List<ProducerKarma> board) {
        assertEquals(1, board.size());
        return board.get(0);
    }

    private static Map<String, ProducerKarma> byProducer(List<ProducerKarma> board) {
        return board.stream().collect(Collectors.toMap(ProducerKarma::producerId, Function.identity()));
    }
}
