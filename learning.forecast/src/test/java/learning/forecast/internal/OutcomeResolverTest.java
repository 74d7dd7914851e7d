package learning.forecast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonObject;

import learning.api.event.Event;
import learning.api.forecast.ForecastOutcome;
import learning.api.forecast.OutcomeQuery;
import learning.api.forecast.ResolutionRun;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.Horizon;
import learning.api.ledger.PriceBar;
import learning.api.price.PriceSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reference's resolver scenarios (its tests 4.8) and the behaviour this engine adds. */
class OutcomeResolverTest {
    static final Instant NOW = Instant.parse("2026-01-05T15:00:00Z");
    final Fixture fx = new Fixture();

    @AfterEach
    void close() {
        fx.close();
    }

    /** Hourly BTC bars closing from 09:00 to 15:00 with the given closes. */
    void btc(double... closes) {
        fx.hourlyBars("BTC", NOW.minus(Duration.ofHours(6)), closes);
    }

    static double number(JsonObject o, String key) {
        return o.get(key).getAsDouble();
    }

    @Test
    void horizonsParseAsTheReferenceDoesAndWeeksToo() {
        assertEquals(14_400, Horizon.parse("4h").duration().getSeconds());
        assertEquals(86_400, Horizon.parse("24h").duration().getSeconds());
        assertEquals(259_200, Horizon.parse("3d").duration().getSeconds());
        assertEquals(604_800, Horizon.parse("7d").duration().getSeconds());
        assertEquals(900, Horizon.parse("15m").duration().getSeconds());
        assertEquals(604_800, Horizon.parse("1w").duration().getSeconds());
        assertThrows(IllegalArgumentException.class, () -> Horizon.parse("invalid"));
    }

    @Test
    void noForecastsResolveNothing() {
        ResolutionRun run = fx.resolver().resolveDue(NOW);
        assertEquals(0, run.resolved());
        assertEquals(0, run.missingPrice());
    }

    @Test
    void longThatRoseFivePercentIsRightWithBrier009() {
        btc(99, 100, 101, 102, 103, 105, 106);
        Forecast f = fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofHours(5)));
        ResolutionRun run = fx.resolver().resolveDue(NOW);
        assertEquals(1, run.resolved());
        List<Event> events = fx.outcomeEvents();
        assertEquals(1, events.size());
        Event e = events.get(0);
        assertEquals("brain.outcome_resolver", e.source());
        assertEquals("forecast.outcome.v1:" + f.eventId(), e.dedupeKey());
        JsonObject p = Fixture.payload(e);
        assertEquals(f.eventId(), p.get("forecast_event_id").getAsString());
        assertEquals(f.forecastId(), p.get("forecast_id").getAsString());
        assertEquals("BTC", p.get("asset").getAsString());
        assertEquals("4h", p.get("horizon").getAsString());
        assertEquals("long", p.get("forecast_action").getAsString());
        assertEquals("test-producer", p.get("producer_id").getAsString());
        assertEquals("unknown", p.get("regime_at_forecast").getAsString());
        assertEquals(100.0, number(p, "forecast_price"));
        assertEquals(105.0, number(p, "actual_price"));
        assertEquals(5.0, number(p, "return_actual_pct"), 1e-9);
        assertTrue(p.get("direction_correct").getAsBoolean());
        assertEquals(0.09, number(p, "brier_score"), 1e-9);
        assertEquals(-Math.log(0.7), number(p, "log_score"), 1e-12);
        assertEquals(0.7, number(p, "forecast_confidence"));
        assertEquals(NOW.toString(), p.get("resolved_at").getAsString());
        assertEquals(1, new SqlOutcomeHistory(fx.store.database()).resolvedCount());
    }

    @Test
    void longThatFellIsWrongWithBrier049() {
        btc(99, 100, 101, 99, 97, 95, 94);
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofHours(5)));
        assertEquals(1, fx.resolver().resolveDue(NOW).resolved());
        JsonObject p = Fixture.payload(fx.outcomeEvents().get(0));
        assertFalse(p.get("direction_correct").getAsBoolean());
        assertEquals(0.49, number(p, "brier_score"), 1e-9);
        assertEquals(-5.0, number(p, "return_actual_pct"), 1e-9);
        assertEquals(-Math.log(0.3), number(p, "log_score"), 1e-12);
    }

    @Test
    void shortThatFellEightPercentIsRightWithBrier004() {
        Instant made = NOW.minus(Duration.ofHours(25));
        fx.hourlyBars("BTC", made, 100);
        fx.hourlyBars("BTC", made.plus(Duration.ofHours(24)), 92);
        fx.forecast("BTC", "24h", ForecastAction.SHORT, 0.8, made);
        assertEquals(1, fx.resolver().resolveDue(NOW).resolved());
        JsonObject p = Fixture.payload(fx.outcomeEvents().get(0));
        assertTrue(p.get("direction_correct").getAsBoolean());
        assertEquals(-8.0, number(p, "return_actual_pct"), 1e-9);
        assertEquals(0.04, number(p, "brier_score"), 1e-9);
    }

    @Test
    void forecastWhoseTargetHasNotPassedIsNotResolved() {
        btc(99, 100, 101, 102, 103, 105, 106);
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofHours(1)));
        ResolutionRun run = fx.resolver().resolveDue(NOW);
        assertEquals(0, run.resolved());
        assertEquals(0, run.missingPrice());
    }

    @Test
    void targetLessThanFiveMinutesAgoWaitsForTheBuffer() {
        btc(99, 100, 101, 102, 103, 105, 106);
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofHours(4)).minus(Duration.ofMinutes(4)));
        assertEquals(0, fx.resolver().resolveDue(NOW).resolved());
        assertEquals(1, fx.resolver().resolveDue(NOW.plus(Duration.ofMinutes(1))).resolved());
    }

    @Test
    void runningTwiceResolvesOnceAndWritesOneEvent() {
        btc(99, 100, 101, 102, 103, 105, 106);
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofHours(5)));
        DefaultOutcomeResolver resolver = fx.resolver();
        assertEquals(1, resolver.resolveDue(NOW).resolved());
        assertEquals(0, resolver.resolveDue(NOW).resolved());
        assertEquals(0, fx.resolver().resolveDue(NOW.plus(Duration.ofHours(1))).resolved());
        assertEquals(1, fx.outcomeEvents().size());
    }

    @Test
    void noForecastIsSkipped() {
        btc(99, 100, 101, 102, 103, 105, 106);
        fx.forecast("BTC", "4h", ForecastAction.NO_FORECAST, 0.0, NOW.minus(Duration.ofHours(5)));
        ResolutionRun run = fx.resolver().resolveDue(NOW);
        assertEquals(0, run.resolved());
        assertEquals(0, run.missingPrice());
        assertEquals(0, run.unresolvable());
    }

    @Test
    void failingPriceSourceCountsTheForecastAsMissingAndDoesNotStopTheRun() {
        fx.sources.add(new ScriptedSource(true) {
            @Override
            public List<PriceBar> bars(String asset, Instant from, Instant to) {
                throw new IllegalStateException("connection refused");
            }
        });
        fx.forecast("ETH", "4h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofHours(5)));
        btc(99, 100, 101, 102, 103, 105, 106);
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofHours(5)));
        ResolutionRun run = fx.resolver().resolveDue(NOW);
        assertEquals(1, run.resolved());
        assertEquals(1, run.missingPrice());
    }

    @Test
    void priceAtForecastTimeIsTheCloseOfTheLastClosedBarNotOfTheBarThatContainsIt() {
        // 10:00-11:00 closes at 110 after the forecast at 10:30: using it would look ahead.
        fx.hourlyBars("BTC", Instant.parse("2026-01-05T10:00:00Z"), 100, 110, 111, 112, 113, 120);
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.6, Instant.parse("2026-01-05T10:30:00Z"));
        assertEquals(1, fx.resolver().resolveDue(NOW).resolved());
        JsonObject p = Fixture.payload(fx.outcomeEvents().get(0));
        assertEquals(100.0, number(p, "forecast_price"));
        assertEquals(113.0, number(p, "actual_price"), "the 14:30 target takes the bar closed at 14:00");
    }

    @Test
    void barThatClosedLongerThanItsToleranceBeforeTheTimeIsNotUsed() {
        // 5-minute bars: the tolerance is 30 minutes. The last bar before the target closed 40 minutes earlier.
        Instant made = Instant.parse("2026-01-05T10:00:00Z");
        fx.bar("BTC", "5m", Duration.ofMinutes(5), made, 100);
        fx.bar("BTC", "5m", Duration.ofMinutes(5), made.plus(Duration.ofMinutes(200)), 101);
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.6, made);
        ResolutionRun run = fx.resolver().resolveDue(NOW);
        assertEquals(0, run.resolved());
        assertEquals(1, run.missingPrice());
        // the last bar before the target is now a daily one, which is good for a whole day after its close
        fx.bar("BTC", "1d", Duration.ofDays(1), made.plus(Duration.ofMinutes(230)), 104);
        assertEquals(1, fx.resolver().resolveDue(NOW).resolved());
        assertEquals(104.0, number(Fixture.payload(fx.outcomeEvents().get(0)), "actual_price"));
    }

    @Test
    void flatIsRightWithinTheConfiguredBand() {
        Instant made = NOW.minus(Duration.ofHours(5));
        fx.hourlyBars("BTC", made, 100);
        fx.hourlyBars("BTC", made.plus(Duration.ofHours(4)), 100.4);
        fx.hourlyBars("ETH", made, 100);
        fx.hourlyBars("ETH", made.plus(Duration.ofHours(4)), 100.6);
        fx.forecast("BTC", "4h", ForecastAction.FLAT, 0.6, made);
        fx.forecast("ETH", "4h", ForecastAction.FLAT, 0.6, made);
        assertEquals(2, fx.resolver().resolveDue(NOW).resolved());
        List<ForecastOutcome> outcomes = new SqlOutcomeHistory(fx.store.database())
                .outcomes(new OutcomeQuery(null, null, null, null, 10));
        assertEquals(2, outcomes.size());
        for (ForecastOutcome o : outcomes) {
            assertEquals(o.asset().equals("BTC"), o.directionCorrect(), o.asset());
        }
        ResolverSettings wide = ResolverSettings.of(1.0, 5, 30, 168, 1000, 24);
        fx.forecast("ETH", "4h", ForecastAction.FLAT, 0.6, made);
        fx.resolver(wide).resolveDue(NOW);
        assertTrue(new SqlOutcomeHistory(fx.store.database()).outcomes(new OutcomeQuery(null, "ETH", null, null, 10))
                .stream().anyMatch(ForecastOutcome::directionCorrect), "0.6 % is flat within a 1 % band");
    }

    @Test
    void forecastWithoutPricesIsGivenUpAfterTheConfiguredTimeAndNeverRetried() {
        Instant made = NOW.minus(Duration.ofDays(2));
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, made);
        ResolverSettings oneDay = ResolverSettings.of(0.5, 5, 30, 24, 1000, 24);
        DefaultOutcomeResolver resolver = fx.resolver(oneDay);
        ResolutionRun early = resolver.resolveDue(made.plus(Duration.ofHours(20)));
        assertEquals(1, early.missingPrice(), "waiting for prices within the day");
        assertEquals(0, early.unresolvable());
        ResolutionRun late = resolver.resolveDue(NOW);
        assertEquals(1, late.unresolvable());
        assertEquals(0, late.missingPrice());
        fx.hourlyBars("BTC", made, 100);
        fx.hourlyBars("BTC", made.plus(Duration.ofHours(4)), 101);
        ResolutionRun after = resolver.resolveDue(NOW.plus(Duration.ofHours(1)));
        assertEquals(0, after.resolved(), "given up is final");
        assertEquals(0, after.unresolvable());
        assertEquals(0, fx.outcomeEvents().size());
        String status = fx.store.database().read(c -> {
            try (var s = c.createStatement(); var r = s.executeQuery("SELECT status FROM forecast_resolution_state")) {
                r.next();
                return r.getString(1);
            }
        });
        assertEquals("unresolvable", status);
    }

    @Test
    void missingPriceIsRetriedAndResolvedOnceBarsArrive() {
        Instant made = NOW.minus(Duration.ofHours(5));
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, made);
        DefaultOutcomeResolver resolver = fx.resolver();
        assertEquals(1, resolver.resolveDue(NOW).missingPrice());
        btc(99, 100, 101, 102, 103, 105, 106);
        ResolutionRun run = resolver.resolveDue(NOW.plus(Duration.ofMinutes(30)));
        assertEquals(1, run.resolved());
        assertEquals(0, run.missingPrice());
    }

    @Test
    void forecastStoredAfterItsTargetHadPassedIsStillResolved() {
        btc(99, 100, 101, 102, 103, 105, 106);
        DefaultOutcomeResolver resolver = fx.resolver();
        resolver.resolveDue(NOW);
        // back-filled: made and due well before the watermark of the first run
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofHours(5)));
        assertEquals(1, resolver.resolveDue(NOW.plus(Duration.ofMinutes(30))).resolved());
    }

    @Test
    void remoteBarsAreStoredLocallySoALaterRunGivesTheSameAnswerWithoutAsking() {
        Instant made = NOW.minus(Duration.ofHours(5));
        ScriptedSource remote = new ScriptedSource(true);
        remote.hourly("BTC", made.minus(Duration.ofHours(30)), 60, 100);
        fx.sources.add(remote);
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, made);
        assertEquals(1, fx.resolver().resolveDue(NOW).resolved());
        assertEquals(1, remote.calls.get(), "one request for the batch");
        List<PriceBar> stored = fx.store.ledger().bars("BTC", "1h", made.minus(Duration.ofHours(2)), NOW);
        assertFalse(stored.isEmpty());
        double forecastPrice = number(Fixture.payload(fx.outcomeEvents().get(0)), "forecast_price");
        // the same forecast again, with the remote gone: the local copies answer, identically
        fx.sources.clear();
        Forecast again = fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, made);
        assertEquals(1, fx.resolver().resolveDue(NOW.plus(Duration.ofMinutes(30))).resolved());
        for (Event e : fx.outcomeEvents()) {
            assertEquals(forecastPrice, number(Fixture.payload(e), "forecast_price"), again.forecastId());
        }
    }

    @Test
    void localBarsAnswerFirstAndTheRemoteIsAskedOnlyForWhatTheyLack() {
        btc(99, 100, 101, 102, 103, 105, 106);
        ScriptedSource remote = new ScriptedSource(true);
        remote.hourly("BTC", NOW.minus(Duration.ofHours(6)), 7, 1);
        fx.sources.add(remote);
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofHours(5)));
        assertEquals(1, fx.resolver().resolveDue(NOW).resolved());
        assertEquals(0, remote.calls.get());
        assertEquals(100.0, number(Fixture.payload(fx.outcomeEvents().get(0)), "forecast_price"));
    }

    @Test
    void sourceThatFailsTransientlyPostponesTheGiveUp() {
        Instant made = NOW.minus(Duration.ofHours(40));
        ScriptedSource flaky = new ScriptedSource(true);
        flaky.failing = true;
        fx.sources.add(flaky);
        fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, made);
        ResolverSettings oneDay = ResolverSettings.of(0.5, 5, 30, 24, 1000, 24);
        ResolutionRun run = fx.resolver(oneDay).resolveDue(NOW);
        assertEquals(1, run.missingPrice(), "rate-limited is not 'no prices'");
        assertEquals(0, run.unresolvable());
        ResolutionRun much = fx.resolver(oneDay).resolveDue(NOW.plus(Duration.ofDays(2)));
        assertEquals(1, much.unresolvable(), "after twice the give-up time a failing source no longer postpones it");
    }

    @Test
    void crashInTheMiddleOfABatchLeavesEveryForecastWithExactlyOneOutcomeAfterTheRerun() {
        Instant start = NOW.minus(Duration.ofDays(3));
        double[] closes = new double[80];
        for (int i = 0; i < closes.length; i++) {
            closes[i] = 100 + (i * 7919 % 13) - 6;
        }
        fx.hourlyBars("BTC", start, closes);
        fx.hourlyBars("ETH", start, closes);
        for (int i = 0; i < 60; i++) {
            fx.forecast(i % 2 == 0 ? "BTC" : "ETH", i % 3 == 0 ? "4h" : "1h", ForecastAction.values()[i % 3], 0.55,
                    start.plus(Duration.ofMinutes(40L * i)));
        }
        AtomicInteger appends = new AtomicInteger();
        CrashingEventLog crashing = new CrashingEventLog(fx.store.events(), () -> appends.incrementAndGet() == 3);
        DefaultOutcomeResolver dying = new DefaultOutcomeResolver(fx.store.database(), crashing, fx.store.ledger(),
                List::of, ResolverSettings.of(0.5, 5, 30, 168, 7, 24));
        assertThrows(IllegalStateException.class, () -> dying.resolveDue(NOW));
        int afterCrash = fx.outcomeEvents().size();
        assertEquals(14, afterCrash, "two chunks of 7 committed before the crash, the third rolled back");
        ResolutionRun rerun = fx.resolver(ResolverSettings.of(0.5, 5, 30, 168, 7, 24)).resolveDue(NOW);
        assertEquals(60 - afterCrash, rerun.resolved());
        List<Event> events = fx.outcomeEvents();
        assertEquals(60, events.size());
        Set<String> forecasts = new HashSet<>();
        for (Event e : events) {
            assertTrue(forecasts.add(Fixture.payload(e).get("forecast_event_id").getAsString()), "one outcome each");
        }
        assertEquals(60L, new SqlOutcomeHistory(fx.store.database()).resolvedCount());
        assertEquals(60L, (long) fx.store.database().read(c -> {
            try (var s = c.createStatement(); var r = s.executeQuery("SELECT COUNT(*) FROM forecast_resolution_state")) {
                r.next();
                return r.getLong(1);
            }
        }));
        assertTrue(fx.store.events().verifyChain().valid());
    }

    @Test
    void outcomeAlreadyLoggedByAnotherResolverIsAdoptedNotDuplicated() {
        btc(99, 100, 101, 102, 103, 105, 106);
        Forecast f = fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofHours(5)));
        Forecast g = fx.forecast("BTC", "4h", ForecastAction.SHORT, 0.6, NOW.minus(Duration.ofHours(5)));
        // another resolver got there first, with its own instant and prices
        fx.store.events().append(new learning.api.event.NewEvent("forecast.outcome.v1", NOW, "other", "forecast.outcome.v1:"
                + f.eventId(), "{\"forecast_event_id\":\"" + f.eventId() + "\",\"forecast_price\":99.5,\"actual_price\":104.5}"));
        ResolutionRun run = fx.resolver().resolveDue(NOW);
        assertEquals(2, run.resolved());
        assertEquals(2, fx.outcomeEvents().size());
        List<ForecastOutcome> rows = new SqlOutcomeHistory(fx.store.database())
                .outcomes(new OutcomeQuery(null, null, null, null, 10));
        ForecastOutcome adopted = rows.stream().filter(o -> o.forecastId().equals(f.forecastId())).findFirst().orElseThrow();
        assertEquals(99.5, adopted.forecastPrice());
        assertTrue(rows.stream().anyMatch(o -> o.forecastId().equals(g.forecastId())));
    }

    @Test
    void outcomeHistoryFiltersAndListsNewestForecastFirst() {
        Instant start = NOW.minus(Duration.ofDays(1));
        double[] closes = new double[30];
        java.util.Arrays.fill(closes, 100);
        fx.hourlyBars("BTC", start, closes);
        fx.hourlyBars("ETH", start, closes);
        fx.forecast("BTC", "1h", ForecastAction.LONG, 0.7, start.plus(Duration.ofHours(1)), "a@1", "bull");
        fx.forecast("BTC", "1h", ForecastAction.LONG, 0.7, start.plus(Duration.ofHours(3)), "b@1", "bull");
        fx.forecast("ETH", "4h", ForecastAction.LONG, 0.7, start.plus(Duration.ofHours(2)), "a@1", "bull");
        assertEquals(3, fx.resolver().resolveDue(NOW).resolved());
        SqlOutcomeHistory history = new SqlOutcomeHistory(fx.store.database());
        List<ForecastOutcome> all = history.outcomes(new OutcomeQuery(null, null, null, null, 100));
        List<Instant> times = new ArrayList<>();
        all.forEach(o -> times.add(o.forecastTs()));
        assertEquals(List.of(start.plus(Duration.ofHours(3)), start.plus(Duration.ofHours(2)),
                start.plus(Duration.ofHours(1))), times);
        assertEquals(2, history.outcomes(new OutcomeQuery("a", null, null, null, 100)).size());
        assertEquals(1, history.outcomes(new OutcomeQuery(null, "eth", null, null, 100)).size());
        assertEquals(2, history.outcomes(new OutcomeQuery(null, null, "1h", null, 100)).size());
        assertEquals(2, history.outcomes(new OutcomeQuery(null, null, null, start.plus(Duration.ofHours(2)), 100)).size());
        assertEquals(1, history.outcomes(new OutcomeQuery(null, null, null, null, 1)).size());
        assertEquals(NOW, all.get(0).resolvedAt());
    }

    /** A price source answering from bars given to it, counting calls, or failing transiently. */
    static class ScriptedSource implements PriceSource, TransientFailures {
        final boolean remote;
        final List<PriceBar> bars = new ArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean failing;
        private long failures;

        ScriptedSource(boolean remote) {
            this.remote = remote;
        }

        void hourly(String asset, Instant firstClose, int count, double price) {
            for (int i = 0; i < count; i++) {
                Instant close = firstClose.plus(Duration.ofHours(i));
                double p = price + i;
                bars.add(new PriceBar(asset, "1h", close.minus(Duration.ofHours(1)), close, p, p, p, p, 1, "scripted"));
            }
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public boolean isRemote() {
            return remote;
        }

        @Override
        public synchronized long transientFailures() {
            return failures;
        }

        @Override
        public synchronized List<PriceBar> bars(String asset, Instant from, Instant to) {
            calls.incrementAndGet();
            if (failing) {
                failures++;
                return List.of();
            }
            return bars.stream().filter(b -> b.asset().equals(asset) && !b.closeTime().isBefore(from)
                    && !b.closeTime().isAfter(to)).toList();
        }
    }
}
