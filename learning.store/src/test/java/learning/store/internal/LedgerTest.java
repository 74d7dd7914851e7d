package learning.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import learning.api.ConflictException;
import learning.api.NotFoundException;
import learning.api.ValidationException;
import learning.api.event.EventTypes;
import learning.api.ledger.AcceptedSignal;
import learning.api.ledger.Conviction;
import learning.api.ledger.ConvictionOutcome;
import learning.api.ledger.Direction;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.api.ledger.PriceBar;
import learning.api.ledger.ProducerHealth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private Store store;
    private SqlInputLedger ledger;

    @BeforeEach
    void open() {
        store = Store.open("jdbc:hsqldb:mem:ledger-" + UUID.randomUUID());
        ledger = store.ledger();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void recordConvictions(String... ids) {
        for (String id : ids) {
            ledger.recordConviction(new Conviction(id, "cycle-1", "BTC", 0.5, T0, Map.of("onchain", 0.5), List.of(),
                    List.of(), null, null));
        }
    }

    static Position position(String id, String conviction) {
        return new Position(id, "btc", Direction.LONG, PositionStatus.OPEN, T0, null, null, conviction, "BULL", null,
                50_000.0, null, 1_000.0);
    }

    static Forecast forecast(String id, double confidence) {
        return new Forecast(id, "btc", "4h", ForecastAction.LONG, confidence, "ta@1.2", null, T0, null);
    }

    @Test
    void positionOpensClosesAndCannotBeClosedTwice() {
        ledger.openPosition(position("p1", "c1"));
        Position closed = ledger.closePosition("p1", new PositionClose(T0.plusSeconds(36_000), 12.0, -0.05, 51_000.0));
        assertEquals(PositionStatus.CLOSED, closed.status());
        assertEquals("BTC", closed.symbol());
        assertEquals(12.0, ledger.position("p1").orElseThrow().realizedPnl());
        assertThrows(ConflictException.class,
                () -> ledger.closePosition("p1", new PositionClose(T0.plusSeconds(40_000), 99.0, null, null)));
        assertEquals(12.0, ledger.position("p1").orElseThrow().realizedPnl());
        assertEquals(1, store.events().count(EventTypes.POSITION_CLOSED));
    }

    @Test
    void closingBeforeOpeningOrAnUnknownPositionIsRefused() {
        ledger.openPosition(position("p1", null));
        ValidationException e = assertThrows(ValidationException.class,
                () -> ledger.closePosition("p1", new PositionClose(T0.minusSeconds(1), 1.0, null, null)));
        assertEquals("closed_at", e.field());
        assertEquals(PositionStatus.OPEN, ledger.position("p1").orElseThrow().status());
        assertThrows(NotFoundException.class,
                () -> ledger.closePosition("nope", new PositionClose(T0, 1.0, null, null)));
    }

    @Test
    void aClosedPositionCannotBeReopened() {
        ledger.openPosition(position("p1", null));
        ledger.closePosition("p1", new PositionClose(T0.plusSeconds(60), -3.0, null, null));
        assertThrows(ConflictException.class, () -> ledger.openPosition(position("p1", null)));
    }

    @Test
    void convictionKeepsDomainScoresSkillsAndPatternsAndIsIdempotent() {
        Conviction c = new Conviction("c1", "cycle-1", "BTC", 0.7, T0, Map.of("onchain", 0.8, "social", 0.2),
                List.of("skill_a"), List.of("breakout"), null, null);
        ledger.recordConviction(c);
        ledger.recordConviction(c);
        Conviction stored = ledger.conviction("c1").orElseThrow();
        assertEquals(0.8, stored.domainScores().get("onchain"));
        assertEquals(List.of("skill_a"), stored.skills());
        assertEquals(List.of("breakout"), stored.patterns());
        assertThrows(ConflictException.class, () -> ledger.recordConviction(new Conviction("c1", "cycle-1", "BTC", 0.9,
                T0, Map.of("onchain", 0.8), List.of(), List.of(), null, null)));
        assertEquals(0.7, ledger.conviction("c1").orElseThrow().score());
    }

    @Test
    void convictionOutcomesAreRecordedAllOrNone() {
        recordConvictions("c1", "c2", "c3");
        Instant at = T0.plusSeconds(3600);
        ledger.recordConvictionOutcomes(List.of(new ConvictionOutcome("c1", 12.5, at),
                new ConvictionOutcome("c2", -4.0, at)));
        assertEquals(12.5, ledger.conviction("c1").orElseThrow().outcome());
        assertEquals(at, ledger.conviction("c2").orElseThrow().outcomeTs());
        assertEquals(null, ledger.conviction("c3").orElseThrow().outcome());

        // One unknown conviction: named by its index, and the others keep what they had.
        NotFoundException missing = assertThrows(NotFoundException.class, () -> ledger.recordConvictionOutcomes(List.of(
                new ConvictionOutcome("c3", 7.0, at), new ConvictionOutcome("nope", 1.0, at))));
        assertEquals("[1].conviction_id", missing.field());
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        assertEquals(null, ledger.conviction("c3").orElseThrow().outcome());

        ValidationException nan = assertThrows(ValidationException.class, () -> ledger.recordConvictionOutcomes(
                List.of(new ConvictionOutcome("c1", 1.0, at), new ConvictionOutcome("c3", Double.NaN, at))));
        assertEquals("[1].realized_pnl", nan.field());
        assertEquals(12.5, ledger.conviction("c1").orElseThrow().outcome());
        assertEquals(null, ledger.conviction("c3").orElseThrow().outcome());
    }

    @Test
    void convictionOutcomesOutOfIdOrderKeepTheLastGivenAndNameTheUnknownByItsIndex() {
        recordConvictions("c1", "c2", "c3");
        Instant at = T0.plusSeconds(3600);
        // The store writes them in id order; two outcomes of one conviction still end with the later one.
        ledger.recordConvictionOutcomes(List.of(new ConvictionOutcome("c3", 7.0, at),
                new ConvictionOutcome("c1", 1.0, at), new ConvictionOutcome("c3", 9.0, at.plusSeconds(1))));
        assertEquals(9.0, ledger.conviction("c3").orElseThrow().outcome());
        assertEquals(at.plusSeconds(1), ledger.conviction("c3").orElseThrow().outcomeTs());
        assertEquals(1.0, ledger.conviction("c1").orElseThrow().outcome());

        // An unknown id that sorts first is still named by the index it was given at.
        NotFoundException missing = assertThrows(NotFoundException.class, () -> ledger.recordConvictionOutcomes(List.of(
                new ConvictionOutcome("c2", 5.0, at), new ConvictionOutcome("a-nope", 1.0, at),
                new ConvictionOutcome("c1", 2.0, at))));
        assertEquals("[1].conviction_id", missing.field());
        assertTrue(missing.getMessage().contains("a-nope"), missing.getMessage());
        assertEquals(null, ledger.conviction("c2").orElseThrow().outcome());
        assertEquals(1.0, ledger.conviction("c1").orElseThrow().outcome());
    }

    @Test
    void skillNamesThatEscapeTheirFolderAreRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> ledger.recordConviction(new Conviction(
                "c1", "cy", "BTC", 1, T0, Map.of(), List.of("../../etc/passwd"), List.of(), null, null)));
        assertEquals("skills[0]", e.field());
    }

    @Test
    void forecastBatchWithOneBadItemStoresNothingAndNamesTheItem() {
        List<Forecast> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(forecast("f" + i, i == 7 ? 1.5 : 0.6));
        }
        ValidationException e = assertThrows(ValidationException.class, () -> ledger.recordForecasts(batch));
        assertEquals("[7].confidence", e.field());
        assertEquals(0L, ledger.counts().get("forecasts"));
        assertEquals(0L, store.events().count(null));
    }

    @Test
    void forecastWithAnUnknownHorizonIsRefused() {
        Forecast f = new Forecast("f1", "BTC", "4 fortnights", ForecastAction.LONG, 0.6, "ta", null, T0, null);
        ValidationException e = assertThrows(ValidationException.class, () -> ledger.recordForecasts(List.of(f)));
        assertEquals("[0].horizon", e.field());
    }

    @Test
    void theSameForecastTwiceIsStoredOnceAndAChangedOneIsAConflict() {
        List<Forecast> first = ledger.recordForecasts(List.of(forecast("f1", 0.6)));
        List<Forecast> again = ledger.recordForecasts(List.of(forecast("f1", 0.6)));
        assertEquals(first.get(0).eventId(), again.get(0).eventId());
        assertEquals(1L, ledger.counts().get("forecasts"));
        assertThrows(ConflictException.class, () -> ledger.recordForecasts(List.of(forecast("f2", 0.5), forecast("f1", 0.9))));
        assertEquals(1L, ledger.counts().get("forecasts"));
        assertEquals(0.6, ledger.forecasts(null, 10).get(0).confidence());
    }

    @Test
    void acceptedSignalsAreStoredOncePerTradeAndSignal() {
        AcceptedSignal s = new AcceptedSignal("p1", "producer.ta", "technical", "sig-1", 1.0, "long", 0.7, "4h");
        ledger.recordAcceptedSignals(List.of(s, s));
        ledger.recordAcceptedSignals(List.of(s));
        assertEquals(1, ledger.acceptedSignals("p1").size());
        assertEquals(1, store.events().count(EventTypes.SIGNAL_ACCEPTED));
    }

    @Test
    void barsWithHighBelowLowOrDuplicateTimesAreRefused() {
        PriceBar ok = new PriceBar("BTC", "1h", T0, T0.plusSeconds(3600), 100, 110, 95, 105, 10, null);
        PriceBar inverted = new PriceBar("BTC", "1h", T0.plusSeconds(3600), T0.plusSeconds(7200), 100, 90, 95, 92, 1, null);
        ValidationException e = assertThrows(ValidationException.class, () -> ledger.recordPriceBars(List.of(ok, inverted)));
        assertEquals("bars[1].high", e.field());
        ValidationException dup = assertThrows(ValidationException.class, () -> ledger.recordPriceBars(List.of(ok, ok)));
        assertEquals("bars[1].open_time", dup.field());
        PriceBar negative = new PriceBar("BTC", "1h", T0, T0.plusSeconds(3600), -1, 110, 95, 105, 10, null);
        assertEquals("bars[0].open", assertThrows(ValidationException.class,
                () -> ledger.recordPriceBars(List.of(negative))).field());
        assertEquals(0L, ledger.counts().get("price_bars"));
        assertEquals(1, ledger.recordPriceBars(List.of(ok)));
        assertEquals(0, ledger.recordPriceBars(List.of(ok)));
    }

    @Test
    void producerHealthReplacesThePreviousReport() {
        ledger.reportProducerHealth(new ProducerHealth("ta", T0, 0));
        ledger.reportProducerHealth(new ProducerHealth("ta", T0.plusSeconds(60), 3));
        assertEquals(List.of(new ProducerHealth("ta", T0.plusSeconds(60), 3)), ledger.producerHealth());
    }

    @Test
    void everyAcknowledgedWriteSurvivesReopeningAFileDatabase(@TempDir Path dir) {
        String url = "jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning");
        try (Store s = Store.open(url)) {
            s.ledger().openPosition(position("p1", "c1"));
            s.ledger().recordForecasts(List.of(forecast("f1", 0.6), forecast("f2", 0.4)));
        }
        assertTrue(Files.exists(dir.resolve("db")));
        try (Store s = Store.open(url)) {
            assertTrue(s.ledger().position("p1").isPresent());
            assertEquals(2L, s.ledger().counts().get("forecasts"));
            assertTrue(s.events().verifyChain().valid());
            // the chain continues after a restart
            s.ledger().recordForecasts(List.of(forecast("f3", 0.5)));
            assertTrue(s.events().verifyChain().valid());
        }
    }
}
