package learning.attribution.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import learning.api.ConflictException;
import learning.api.NotFoundException;
import learning.api.attribution.AttributionResult;
import learning.api.attribution.AttributionStatus;
import learning.api.attribution.AttributionSweep;
import learning.api.attribution.OutcomeAttribution;
import learning.api.event.Event;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.ledger.Conviction;
import learning.api.ledger.Direction;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.store.internal.Store;

class PositionOutcomeAttributorTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private Store store;
    private PositionOutcomeAttributor attributor;

    @BeforeEach
    void open() {
        store = Store.open("jdbc:hsqldb:mem:" + UUID.randomUUID());
        attributor = new PositionOutcomeAttributor(store.database(), store.events(), store.ledger());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void referenceScenarioGivesTheReferencePayloadValues() {
        // The reference's test 4.1-1: conviction cycle-1/BTC with onchain 0.8, a position opened
        // 10 h before its close, pnl 12.0, regime BULL, drawdown -0.05.
        Instant closedAt = T0;
        conviction("c-1", "cycle-1", Map.of("onchain", 0.8));
        store.ledger().openPosition(new Position("pos-1", "BTC", Direction.LONG, PositionStatus.OPEN,
                closedAt.minus(Duration.ofHours(10)), null, null, "c-1", "BULL", -0.05, 50_000.0, null, 1_000.0));
        store.ledger().closePosition("pos-1", new PositionClose(closedAt, 12.0, null, 50_600.0));

        AttributionResult r = attributor.attribute("pos-1");

        assertEquals(AttributionStatus.ATTRIBUTED, r.status());
        OutcomeAttribution a = r.attribution();
        assertEquals("pos-1", a.positionId());
        assertEquals("c-1", a.convictionId());
        assertEquals(12.0, a.realizedPnl());
        assertTrue(a.directionCorrect());
        assertEquals(10.0, a.timeHeldHours(), 1e-12);
        assertEquals(-0.05, a.maxDrawdownPct());
        assertEquals("BULL", a.regimeAtEntry());
        assertEquals(Map.of("onchain", 0.8), a.domainScoresAtEntry());

        Event e = store.events().byDedupeKey("learning:outcome:pos-1").orElseThrow();
        assertEquals(r.eventId(), e.id());
        assertEquals(EventTypes.LEARNING_OUTCOME, e.type());
        assertEquals("outcome_writer", e.source());
        assertEquals(closedAt, e.ts());
        assertEquals("{\"conviction_id\":\"c-1\",\"direction_correct\":true,\"domain_scores_at_entry\":{\"onchain\":0.8},"
                + "\"max_drawdown_pct\":-0.05,\"position_id\":\"pos-1\",\"realized_pnl\":12.0,\"regime_at_entry\":\"BULL\","
                + "\"time_held_hours\":10.0}", e.payload());

        Conviction c = store.ledger().conviction("c-1").orElseThrow();
        assertEquals(12.0, c.outcome());
        assertEquals(closedAt, c.outcomeTs());
    }

    @Test
    void attributingTwiceReturnsTheStoredAttributionAndWritesNothing() {
        conviction("c-1", "cycle-1", Map.of("onchain", 0.8, "social", 0.3));
        closed("pos-1", "c-1", T0, 5.0);
        AttributionResult first = attributor.attribute("pos-1");
        long eventsBefore = store.events().count(null);

        AttributionResult second = attributor.attribute("pos-1");

        assertEquals(AttributionStatus.ALREADY_ATTRIBUTED, second.status());
        assertEquals(first.attribution(), second.attribution());
        assertEquals(first.eventId(), second.eventId());
        assertEquals(eventsBefore, store.events().count(null));
        assertEquals(0, attributor.sweep(T0).attributed());
    }

    @Test
    void positionWithoutConvictionIsAGapCountedOnce() {
        closed("pos-1", null, T0, 5.0);

        AttributionResult first = attributor.attribute("pos-1");
        AttributionResult again = attributor.attribute("pos-1");
        AttributionSweep sweep = attributor.sweep(T0);

        assertEquals(AttributionStatus.GAP, first.status());
        assertNull(first.attribution());
        assertNull(first.eventId());
        assertEquals(AttributionStatus.GAP, again.status());
        assertEquals(0, sweep.gaps(), "a known gap is not found again");
        assertEquals(1, attributor.gapCount());
        assertEquals(0, store.events().count(EventTypes.LEARNING_OUTCOME));
    }

    @Test
    void sweepReportsNewGapsWithTheirIds() {
        closed("pos-1", null, T0, 5.0);
        closed("pos-2", "never-stored", T0, 5.0);

        AttributionSweep sweep = attributor.sweep(T0);

        assertEquals(2, sweep.gaps());
        assertEquals(List.of("pos-1", "pos-2"), sweep.gapPositionIds());
        assertEquals(2, attributor.gapCount());
    }

    @Test
    void gapWithAnUnknownConvictionIsAttributedOnceTheConvictionArrives() {
        closed("pos-1", "c-late", T0, -3.0);
        assertEquals(AttributionStatus.GAP, attributor.attribute("pos-1").status());

        conviction("c-late", "cycle-9", Map.of("technical", 0.4));
        AttributionSweep sweep = attributor.sweep(T0);

        assertEquals(1, sweep.attributed());
        assertEquals(0, attributor.gapCount());
        assertEquals(AttributionStatus.ALREADY_ATTRIBUTED, attributor.attribute("pos-1").status());
        assertFalse(attributor.attribute("pos-1").attribution().directionCorrect());
    }

    @Test
    void gapASweepFoundIsAttributedByALaterSweepOnceItsConvictionArrives() {
        closed("pos-1", "c-late", T0, 2.0);
        assertEquals(1, attributor.sweep(T0).gaps());
        assertEquals(0, attributor.sweep(T0.plusSeconds(60)).attributed());

        conviction("c-late", "cycle-9", Map.of("technical", 0.4));
        AttributionSweep sweep = attributor.sweep(T0.plusSeconds(120));

        assertEquals(1, sweep.attributed());
        assertEquals(0, attributor.gapCount());
        assertEquals(1, store.events().count(EventTypes.LEARNING_OUTCOME));
    }

    @Test
    void positionClosedAfterASweepWithAnEarlierCloseTimeIsAttributedByTheNextSweep() {
        conviction("c-1", "cycle-1", Map.of("onchain", 0.8));
        closed("pos-1", "c-1", T0, 1.0);
        assertEquals(1, attributor.sweep(T0.plusSeconds(3600)).attributed());

        // Reported late: it closed before the position the last sweep attributed.
        closed("pos-2", "c-1", T0.minusSeconds(600), -1.0);
        AttributionSweep sweep = attributor.sweep(T0.plusSeconds(3600));

        assertEquals(1, sweep.attributed());
        assertEquals(AttributionStatus.ALREADY_ATTRIBUTED, attributor.attribute("pos-2").status());
        assertEquals(0, attributor.sweep(T0.plusSeconds(7200)).attributed());
        assertEquals(2, store.events().count(EventTypes.LEARNING_OUTCOME));
    }

    @Test
    void unknownPositionIsNotFoundAndOpenPositionIsAConflict() {
        NotFoundException missing = assertThrows(NotFoundException.class, () -> attributor.attribute("nope"));
        assertEquals("id", missing.field());

        conviction("c-1", "cycle-1", Map.of("onchain", 0.8));
        open("pos-open", "c-1", T0);
        ConflictException open = assertThrows(ConflictException.class, () -> attributor.attribute("pos-open"));
        assertEquals("id", open.field());
        assertEquals(0, store.events().count(EventTypes.LEARNING_OUTCOME));
        assertNull(store.ledger().conviction("c-1").orElseThrow().outcome());
    }

    @Test
    void zeroPnlIsNotCorrectAndMissingDrawdownAndRegimeBecomeZeroAndEmpty() {
        conviction("c-1", "cycle-1", Map.of());
        store.ledger().openPosition(new Position("pos-1", "ETH", Direction.SHORT, PositionStatus.OPEN, T0, null, null,
                "c-1", null, null, null, null, null));
        store.ledger().closePosition("pos-1", new PositionClose(T0, 0.0, null, null));

        OutcomeAttribution a = attributor.attribute("pos-1").attribution();

        assertFalse(a.directionCorrect());
        assertEquals(0.0, a.maxDrawdownPct());
        assertEquals("", a.regimeAtEntry());
        assertEquals(0.0, a.timeHeldHours());
        assertEquals(Map.of(), a.domainScoresAtEntry());
    }

    @Test
    void sweepAttributesOnlyPositionsClosedUpToItsInstantAndNeverTwice() {
        conviction("c-1", "cycle-1", Map.of("onchain", 0.8));
        closed("pos-1", "c-1", T0, 1.0);
        closed("pos-2", "c-1", T0.plusSeconds(60), 2.0);
        closed("pos-3", "c-1", T0.plusSeconds(120), 3.0);

        assertEquals(2, attributor.sweep(T0.plusSeconds(60)).attributed());
        assertEquals(0, attributor.sweep(T0.plusSeconds(60)).attributed());
        assertEquals(1, attributor.sweep(T0.plusSeconds(120)).attributed());
        assertEquals(3, store.events().count(EventTypes.LEARNING_OUTCOME));
        // Several positions of one conviction: the last attributed close sets its outcome.
        assertEquals(3.0, store.ledger().conviction("c-1").orElseThrow().outcome());
    }

    @Test
    void sweepAttributesEveryPositionAcrossPagesAndChunksEvenWhenCloseTimesAreEqual() {
        // Chunks of 700 candidates, pages of up to 1,000: both boundaries fall inside runs of ties.
        attributor = new PositionOutcomeAttributor(store.database(), store.events(), store.ledger(), 700);
        conviction("c-1", "cycle-1", Map.of("onchain", 0.8));
        int n = PositionOutcomeAttributor.PAGE_SIZE * 2 + 17;
        for (int i = 0; i < n; i++) {
            // Only three distinct close instants: pages must not skip or repeat ties.
            closed(String.format("pos-%05d", i), i % 10 == 0 ? null : "c-1", T0.plusSeconds(i % 3), i % 2 == 0 ? 1 : -1);
        }

        AttributionSweep sweep = attributor.sweep(T0.plusSeconds(10));

        int gaps = (n + 9) / 10;
        assertEquals(n - gaps, sweep.attributed());
        assertEquals(gaps, sweep.gaps());
        assertEquals(100, sweep.gapPositionIds().size(), "at most 100 ids are listed");
        assertEquals(n - gaps, store.events().count(EventTypes.LEARNING_OUTCOME));
        assertEquals(0, attributor.sweep(T0.plusSeconds(10)).attributed());
    }

    @Test
    void positionThatCannotBeAttributedDoesNotHoldBackTheOthers() {
        conviction("c-1", "cycle-1", Map.of("onchain", 0.8));
        closed("pos-1", "c-1", T0, 1.0);
        closed("pos-bad", "c-1", T0, 1.0);
        closed("pos-3", "c-1", T0, 1.0);
        // Someone stored an event under pos-bad's dedupe key with another payload.
        store.events().append(new NewEvent(EventTypes.LEARNING_OUTCOME, T0, "someone", "learning:outcome:pos-bad", "{}"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> attributor.sweep(T0));

        assertTrue(e.getMessage().contains("1 failed"), e.getMessage());
        assertTrue(e.getMessage().contains("pos-bad"), e.getMessage());
        assertEquals(AttributionStatus.ALREADY_ATTRIBUTED, attributor.attribute("pos-1").status());
        assertEquals(AttributionStatus.ALREADY_ATTRIBUTED, attributor.attribute("pos-3").status());
        assertThrows(ConflictException.class, () -> attributor.attribute("pos-bad"));
    }

    @Test
    void positionAttributedByACloseCallWhileTheSweepWritesIsAttributedOnce() {
        conviction("c-1", "cycle-1", Map.of("onchain", 0.8));
        closed("pos-1", "c-1", T0, 1.0);
        closed("pos-2", "c-1", T0.plusSeconds(1), 2.0);
        closed("pos-3", "c-1", T0.plusSeconds(2), 3.0);
        // The close call of pos-2 attributes it after the sweep read it and before the sweep writes.
        attributor = new PositionOutcomeAttributor(store.database(), store.events(), store.ledger()) {
            @Override
            void chunkRead(List<Candidate> candidates) {
                assertEquals(3, candidates.size());
                assertEquals(AttributionStatus.ATTRIBUTED, attribute("pos-2").status());
            }
        };

        AttributionSweep sweep = attributor.sweep(T0.plusSeconds(10));

        assertEquals(2, sweep.attributed());
        assertEquals(3, store.events().count(EventTypes.LEARNING_OUTCOME));
        for (String id : List.of("pos-1", "pos-2", "pos-3")) {
            assertEquals(AttributionStatus.ALREADY_ATTRIBUTED, attributor.attribute(id).status());
        }
        assertEquals(3.0, store.ledger().conviction("c-1").orElseThrow().outcome());
    }

    @Test
    void cycleRunsTheSweepAndReportsItsCounts() {
        conviction("c-1", "cycle-1", Map.of("onchain", 0.8));
        closed("pos-1", "c-1", T0, 1.0);
        closed("pos-2", null, T0, 1.0);

        Map<String, Object> counts = new AttributionCycle(attributor).run(T0);

        assertEquals(1, counts.get("attributed"));
        assertEquals(1, counts.get("gaps"));
        assertEquals(List.of("pos-2"), counts.get("gap_position_ids"));
        assertEquals(1L, counts.get("gaps_total"));
    }

    // ---- fixtures -------------------------------------------------------------------------

    private void conviction(String id, String cycle, Map<String, Double> domainScores) {
        store.ledger().recordConviction(new Conviction(id, cycle, "BTC", 0.7, T0.minus(Duration.ofDays(1)),
                domainScores, List.of(), List.of(), null, null));
    }

    private void open(String id, String convictionId, Instant openedAt) {
        store.ledger().openPosition(new Position(id, "BTC", Direction.LONG, PositionStatus.OPEN, openedAt, null, null,
                convictionId, "BULL", null, 50_000.0, null, 1_000.0));
    }

    private void closed(String id, String convictionId, Instant closedAt, double pnl) {
        open(id, convictionId, closedAt.minus(Duration.ofHours(2)));
        store.ledger().closePosition(id, new PositionClose(closedAt, pnl, null, 50_100.0));
    }

}
