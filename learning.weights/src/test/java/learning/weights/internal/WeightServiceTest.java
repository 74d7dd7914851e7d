package learning.weights.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import learning.api.ConflictException;
import learning.api.event.EventTypes;
import learning.api.ledger.Conviction;
import learning.api.ledger.Direction;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.api.weights.AdjustmentStatus;
import learning.api.weights.Domain;
import learning.api.weights.LiveWeights;
import learning.api.weights.WeightAdjuster;
import learning.api.weights.WeightCycleResult;
import learning.api.weights.WeightSource;
import learning.store.internal.Store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference's weight scenarios (its tests 4.2, 4.4 and the acceptance cases of 4.13) and ours. */
class WeightServiceTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    @TempDir
    Path home;
    Store store;
    int serial;

    @BeforeEach
    void open() {
        store = Store.open("jdbc:hsqldb:mem:weights-" + UUID.randomUUID());
    }

    @AfterEach
    void close() {
        store.close();
    }

    DefaultWeightService service(WeightsConfig config) {
        WeightAdjuster correlation = new CorrelationAdjuster();
        DefaultWeightService.Adjusters adjusters = new DefaultWeightService.Adjusters() {
            @Override
            public Map.Entry<String, WeightAdjuster> live() {
                return new AbstractMap.SimpleEntry<>("correlation", correlation);
            }

            @Override
            public Map<String, WeightAdjuster> all() {
                Map<String, WeightAdjuster> all = new LinkedHashMap<>();
                all.put("correlation", correlation);
                return all;
            }
        };
        return new DefaultWeightService(store.database(), store.events(), adjusters, config,
                home.resolve("data").resolve("learned_weights.yaml"), Clock.systemUTC());
    }

    DefaultWeightService service() {
        return service(WeightsConfig.defaults());
    }

    /** A closed position, with a conviction carrying the given domain scores (or none). */
    void closed(Instant closedAt, double pnl, Map<String, Double> scores) {
        String id = "p" + (++serial);
        String conviction = scores == null ? null : "c" + serial;
        if (conviction != null) {
            store.ledger().recordConviction(new Conviction(conviction, "cycle-" + serial, "BTC", 0.5,
                    closedAt.minus(Duration.ofHours(10)), scores, List.of(), List.of(), null, null));
        }
        store.ledger().openPosition(new Position(id, "BTC", Direction.LONG, PositionStatus.OPEN,
                closedAt.minus(Duration.ofHours(10)), null, null, conviction, "BULL", null, 100.0, null, 1000.0));
        store.ledger().closePosition(id, new PositionClose(closedAt, pnl, null, null));
    }

    /** The reference's nudge data: 20 positions 9 days ago, alternating win/loss, onchain and social opposite. */
    void nudgeData(int firstCloseDaysAgo) {
        closed(NOW.minus(Duration.ofDays(firstCloseDaysAgo)), 5.0, null);
        for (int i = 0; i < 20; i++) {
            boolean win = i % 2 == 0;
            closed(NOW.minus(Duration.ofDays(9)), win ? 10 : -10,
                    Map.of("onchain", win ? 0.9 : 0.1, "social", win ? 0.1 : 0.9));
        }
    }

    @Test
    void weightNudgesTowardTheBetterDomainAtFullStrength() {
        nudgeData(119);
        WeightCycleResult r = service().runCycle(NOW);
        assertEquals("adjusted", r.reason());
        assertEquals(AdjustmentStatus.APPLIED, r.status());
        assertEquals(0.27, r.proposed().get(Domain.ONCHAIN), 1e-12);
        assertEquals(0.13, r.proposed().get(Domain.SOCIAL), 1e-12);
        assertEquals(0.25, r.proposed().get(Domain.CURATOR), 1e-12);
        assertEquals(0.20, r.proposed().get(Domain.TRADFI), 1e-12);
        assertEquals(0.10, r.proposed().get(Domain.TECHNICAL), 1e-12);
        assertEquals(0.05, r.proposed().get(Domain.EVENTS), 1e-12);
    }

    @Test
    void theWarmPeriodMovesHalfAsFar() {
        nudgeData(60);
        WeightCycleResult r = service().runCycle(NOW);
        assertEquals(0.26, r.proposed().get(Domain.ONCHAIN), 1e-12);
        assertEquals(0.14, r.proposed().get(Domain.SOCIAL), 1e-12);
    }

    @Test
    void fewerThanTwentyPositionsChangeNothing() {
        closed(NOW.minus(Duration.ofDays(100)), 1, null);
        for (int i = 0; i < 5; i++) {
            closed(NOW.minus(Duration.ofDays(3)), 10, Map.of("onchain", 0.9));
        }
        DefaultWeightService s = service();
        WeightCycleResult r = s.runCycle(NOW);
        assertEquals("insufficient_data", r.reason());
        assertEquals(AdjustmentStatus.OBSERVED, r.status());
        assertEquals(r.previous(), r.proposed());
        assertEquals(WeightSource.PRESET, s.live().source());
    }

    @Test
    void coldStartObservesOnlyAndAnEmptyLedgerHasNoHistory() {
        assertEquals("cold_start_no_history", service().runCycle(NOW).reason());
        for (int i = 0; i < 25; i++) {
            closed(NOW.minus(Duration.ofDays(1)), i % 2 == 0 ? 10 : -10, Map.of("onchain", 0.5 + i / 100.0));
        }
        closed(NOW.minus(Duration.ofDays(29)), 1, null);
        WeightCycleResult r = service().runCycle(NOW);
        assertEquals("cold_start_baseline", r.reason());
        assertEquals(r.previous(), r.proposed());
    }

    @Test
    void anAppliedCycleWritesTheOverlaySixRowsAndAnAuditEvent() throws Exception {
        nudgeData(119);
        DefaultWeightService s = service();
        WeightCycleResult r = s.runCycle(NOW);
        Path overlay = home.resolve("data").resolve("learned_weights.yaml");
        assertTrue(Files.exists(overlay));
        assertTrue(Files.readString(overlay).contains("onchain: 0.27"));
        assertEquals(6, s.history(null, 100).stream().filter(h -> h.adjustmentId().equals(r.adjustmentId())).count());
        assertEquals(1, store.events().count(EventTypes.WEIGHT_ADJUSTMENT));
        LiveWeights live = s.live();
        assertEquals(WeightSource.LEARNED, live.source());
        assertEquals(0.27, live.weights().get(Domain.ONCHAIN), 1e-12);
    }

    @Test
    void deletingTheOverlayReturnsToThePresetAtTheNextRead() throws Exception {
        nudgeData(119);
        DefaultWeightService s = service();
        s.runCycle(NOW);
        Files.delete(home.resolve("data").resolve("learned_weights.yaml"));
        LiveWeights live = s.live();
        assertEquals(WeightSource.PRESET, live.source());
        assertEquals(0.25, live.weights().get(Domain.ONCHAIN), 1e-12);
    }

    @Test
    void anInvalidOverlayIsRefusedAndTheLiveWeightsStay() throws Exception {
        nudgeData(119);
        DefaultWeightService s = service();
        s.runCycle(NOW);
        Path overlay = home.resolve("data").resolve("learned_weights.yaml");
        Files.writeString(overlay, "weights:\n  curator: 0.9\n  onchain: 0.02\n  tradfi: 0.02\n  social: 0.02\n"
                + "  technical: 0.02\n  events: 0.02\n");
        assertEquals(0.27, s.live().weights().get(Domain.ONCHAIN), 1e-12);
        Files.writeString(overlay, "weights:\n  curator: 0.20\n  onchain: 0.30\n  tradfi: 0.20\n  social: 0.15\n"
                + "  technical: 0.10\n  events: 0.05\n");
        LiveWeights edited = s.live();
        assertEquals(0.30, edited.weights().get(Domain.ONCHAIN), 1e-12);
        assertTrue(s.history(null, 100).stream().anyMatch(h -> h.reason().equals("operator_overlay")));
    }

    @Test
    void threeFallingCyclesRevertOnceAndTheNextCycleAdjustsAgain() throws Exception {
        Path overlay = home.resolve("data").resolve("learned_weights.yaml");
        Files.createDirectories(overlay.getParent());
        Files.writeString(overlay, "weights:\n  curator: 0.20\n  onchain: 0.30\n  tradfi: 0.20\n  social: 0.15\n"
                + "  technical: 0.10\n  events: 0.05\n");
        nudgeData(119);
        DefaultWeightService s = service();
        WeightCycleResult first = s.runCycle(NOW);
        assertEquals("adjusted", first.reason());
        assertEquals(0.32, first.proposed().get(Domain.ONCHAIN), 1e-12);
        assertEquals(0.13, first.proposed().get(Domain.SOCIAL), 1e-12);
        double[] expectedMeans = {-2.380952, -4.545455, -6.521739, -8.333333};
        String[] expectedReasons = {"adjusted", "adjusted", "reverted", "adjusted"};
        for (int call = 0; call < 4; call++) {
            closed(NOW.minus(Duration.ofDays(2)), -50, Map.of());
            WeightCycleResult r = s.runCycle(NOW);
            assertEquals(expectedMeans[call], r.windowMeanPnl(), 1e-6);
            assertEquals(expectedReasons[call], r.reason(), "call " + (call + 2));
            if (call == 2) {
                assertEquals(AdjustmentStatus.REVERTED, r.status());
                assertEquals(0.25, r.proposed().get(Domain.ONCHAIN), 1e-12);
                assertEquals(0.25, s.live().weights().get(Domain.ONCHAIN), 1e-12);
            }
        }
    }

    @Test
    void withApprovalRequiredTheLiveWeightsWaitForTheOperator() {
        nudgeData(119);
        WeightsConfig approval = WeightsConfig.of("balanced", true, "weekly", 0.05, 0.40, 0.02, 0.01, 30, 20, 30, 90, 3);
        DefaultWeightService s = service(approval);
        WeightCycleResult r = s.runCycle(NOW);
        assertEquals(AdjustmentStatus.PENDING, r.status());
        assertEquals(0.25, s.live().weights().get(Domain.ONCHAIN), 1e-12);
        assertEquals(1, s.live().pending().size());
        LiveWeights after = s.approve(r.adjustmentId(), "alice");
        assertEquals(0.27, after.weights().get(Domain.ONCHAIN), 1e-12);
        assertTrue(after.pending().isEmpty());
        assertTrue(s.history(null, 100).stream()
                .anyMatch(h -> h.adjustmentId().equals(r.adjustmentId()) && "alice".equals(h.approvedBy())));
        assertThrows(ConflictException.class, () -> s.approve(r.adjustmentId(), "alice"));
    }

    @Test
    void aRejectedProposalIsNeverApplied() {
        nudgeData(119);
        DefaultWeightService s = service(
                WeightsConfig.of("balanced", true, "weekly", 0.05, 0.40, 0.02, 0.01, 30, 20, 30, 90, 3));
        WeightCycleResult r = s.runCycle(NOW);
        s.reject(r.adjustmentId(), "bob");
        assertEquals(0.25, s.live().weights().get(Domain.ONCHAIN), 1e-12);
        assertThrows(ConflictException.class, () -> s.approve(r.adjustmentId(), "bob"));
        assertFalse(Files.exists(home.resolve("data").resolve("learned_weights.yaml")));
    }

    @Test
    void revertingToThePresetDeletesTheOverlay() {
        nudgeData(119);
        DefaultWeightService s = service();
        s.runCycle(NOW);
        LiveWeights after = s.revertToPreset("carol");
        assertEquals(WeightSource.PRESET, after.source());
        assertFalse(Files.exists(home.resolve("data").resolve("learned_weights.yaml")));
    }

    @Test
    void badConfigurationsAreRefusedWithAClearMessage() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> WeightsConfig.of("yolo", false, "weekly", 0.05, 0.4, 0.02, 0.01, 30, 20, 30, 90, 3))
                .getMessage().contains("unknown preset 'yolo'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> WeightsConfig.of("balanced", false, "weekly", 0.2, 0.4, 0.02, 0.01, 30, 20, 30, 90, 3))
                .getMessage().contains("cannot hold 6 weights that sum to 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> WeightsConfig.of("balanced", false, "weekly", 0.05, 0.4, -0.02, 0.01, 30, 20, 30, 90, 3))
                .getMessage().contains("max.delta"));
    }
}
