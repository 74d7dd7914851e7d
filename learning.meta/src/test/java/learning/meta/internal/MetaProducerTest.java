package learning.meta.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import learning.api.ValidationException;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.meta.AbstentionReason;
import learning.api.meta.MetaForecast;
import learning.api.meta.MetaMode;

/**
 * The reference's meta-producer scenarios (its tests 4.10, with the derived numbers) and the gates,
 * on a real store in memory.
 */
class MetaProducerTest {
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final Map<String, Object> LIVE = Map.of("mode", "live");
    private final MetaFixture fx = new MetaFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private void stateBothLong() {
        fx.forecast("prod-a", "BTC", "24h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofMinutes(30)));
        fx.forecast("prod-b", "BTC", "24h", ForecastAction.LONG, 0.6, NOW.minus(Duration.ofMinutes(30)));
    }

    @Test
    void abstainsWithInsufficientDataWithoutOutcomes() {
        stateBothLong();
        MetaForecast f = fx.producer(LIVE).produce("BTC", "24h", NOW);
        assertEquals(ForecastAction.NO_FORECAST, f.action());
        assertEquals(AbstentionReason.INSUFFICIENT_DATA, f.abstentionReason());
        assertEquals(0.0, f.confidence());
    }

    @Test
    void abstainsAt499OutcomesAndForecastsFrom500() {
        stateBothLong();
        fx.episodes(NOW, 15, true, "prod-a", "prod-b"); // 30 outcomes
        fx.bulkOutcomes(469, NOW.minus(Duration.ofHours(1)));
        MetaProducerComponent meta = fx.producer(LIVE);
        MetaForecast at499 = meta.produce("BTC", "24h", NOW);
        assertEquals(AbstentionReason.INSUFFICIENT_DATA, at499.abstentionReason(), at499.toString());
        assertEquals(499, meta.status().resolvedOutcomes());

        fx.bulkOutcomes(1, NOW.minus(Duration.ofHours(1)));
        MetaForecast at500 = meta.produce("BTC", "24h", NOW.plusSeconds(1));
        assertEquals(ForecastAction.LONG, at500.action(), at500.toString());
    }

    @Test
    void abstainsWhenTheStateHasNoHistory() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.forecast("prod-x", "BTC", "24h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofMinutes(30)));
        fx.forecast("prod-y", "BTC", "24h", ForecastAction.SHORT, 0.7, NOW.minus(Duration.ofMinutes(30)));
        MetaForecast f = fx.producer(LIVE).produce("BTC", "24h", NOW);
        assertEquals(ForecastAction.NO_FORECAST, f.action());
        // The reference says low_confidence; too few matching episodes is insufficient data here.
        assertEquals(AbstentionReason.INSUFFICIENT_DATA, f.abstentionReason());
        assertEquals("prod-x=long,prod-y=short", f.pattern());
        assertEquals(0, f.episodes());
    }

    @Test
    void twelveEpisodesWithNineWinsForecastLongAt075() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 12, true, "prod-a", "prod-b");
        fx.episodes(NOW, 3, false, "prod-a", "prod-b"); // overwrites 3 of the 12 buckets, as in the reference
        stateBothLong();
        MetaForecast f = fx.producer(LIVE).produce("BTC", "24h", NOW);
        assertEquals(ForecastAction.LONG, f.action(), f.toString());
        assertEquals(0.75, f.confidence());
        assertEquals(12, f.episodes());
        assertEquals(0.75, f.winRate());
        assertEquals("prod-a=long,prod-b=long", f.pattern());
        assertEquals("meta@1.0.0", f.source());
        assertNull(f.abstentionReason());
    }

    @Test
    void elevenEpisodesWithSevenWinsGiveAConfidenceOf0636() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 11, true, "prod-a", "prod-b");
        fx.episodes(NOW, 4, false, "prod-a", "prod-b");
        stateBothLong();
        MetaForecast f = fx.producer(LIVE).produce("BTC", "24h", NOW);
        assertEquals(ForecastAction.LONG, f.action(), f.toString());
        assertEquals(0.636, f.confidence());
        assertEquals(11, f.episodes());
    }

    @Test
    void fifteenWinsInLiveModeForecastLongAtOne() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 15, true, "prod-a", "prod-b");
        stateBothLong();
        MetaForecast f = fx.producer(LIVE).produce("BTC", "24h", NOW);
        assertEquals(ForecastAction.LONG, f.action());
        assertEquals(1.0, f.confidence());
        List<Forecast> stored = fx.store.ledger().forecasts(NOW, 10);
        assertEquals(1, stored.size(), "the live forecast is emitted as forecast.v1");
        assertEquals("meta@1.0.0", stored.get(0).source());
        assertEquals(f.forecastId(), stored.get(0).forecastId());
    }

    @Test
    void shadowModeStoresTheWouldBeForecastAndAbstains() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 15, true, "prod-a", "prod-b");
        stateBothLong();
        MetaProducerComponent meta = fx.producer(Map.of());
        assertEquals(MetaMode.SHADOW, meta.mode(), "shadow is the default");
        MetaForecast f = meta.produce("BTC", "24h", NOW);
        assertEquals(ForecastAction.NO_FORECAST, f.action());
        assertEquals(AbstentionReason.SHADOW_MODE, f.abstentionReason());
        assertEquals(0.0, f.confidence());
        List<Forecast> stored = fx.store.ledger().forecasts(NOW, 10);
        assertEquals(1, stored.size(), "the would-be forecast is stored as a shadow forecast");
        assertEquals("meta-shadow@1.0.0", stored.get(0).source());
        assertEquals(ForecastAction.LONG, stored.get(0).action());
        assertEquals(1.0, stored.get(0).confidence());
        assertEquals(1, meta.status().shadowForecasts());
    }

    @Test
    void lowWinRateAbstainsWithLowConfidence() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 10, true, "prod-a", "prod-b");
        fx.episodes(NOW, 5, false, "prod-a", "prod-b"); // 10 episodes, 5 won
        stateBothLong();
        MetaForecast f = fx.producer(LIVE).produce("BTC", "24h", NOW);
        assertEquals(AbstentionReason.LOW_CONFIDENCE, f.abstentionReason());
        assertEquals(0.5, f.winRate());
        assertEquals(10, f.episodes());
    }

    @Test
    void aCallForAnotherHorizonDoesNotEnterTheState() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 15, true, "prod-a", "prod-b");
        stateBothLong();
        fx.forecast("prod-c", "BTC", "4h", ForecastAction.SHORT, 0.9, NOW.minus(Duration.ofMinutes(10)));
        MetaForecast f = fx.producer(Map.of("mode", "live", "backoff.enabled", false)).produce("BTC", "24h", NOW);
        assertEquals("prod-a=long,prod-b=long", f.pattern(), "prod-c's 4h call is not part of the 24h state");
        assertEquals(ForecastAction.LONG, f.action());
    }

    @Test
    void aCallOlderThanTwoHoursOrForAnotherAssetDoesNotEnterTheState() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 15, true, "prod-a", "prod-b");
        stateBothLong();
        fx.forecast("prod-c", "BTC", "24h", ForecastAction.SHORT, 0.9, NOW.minus(Duration.ofMinutes(121)));
        fx.forecast("prod-d", "ETH", "24h", ForecastAction.SHORT, 0.9, NOW.minus(Duration.ofMinutes(10)));
        MetaForecast f = fx.producer(Map.of("mode", "live", "backoff.enabled", false)).produce("BTC", "24h", NOW);
        assertEquals("prod-a=long,prod-b=long", f.pattern());
    }

    @Test
    void eachProducersLatestCallCounts() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 15, true, "prod-a", "prod-b");
        fx.forecast("prod-a", "BTC", "24h", ForecastAction.SHORT, 0.7, NOW.minus(Duration.ofMinutes(90)));
        stateBothLong();
        MetaForecast f = fx.producer(LIVE).produce("BTC", "24h", NOW);
        assertEquals("prod-a=long,prod-b=long", f.pattern());
    }

    @Test
    void backsOffToTheBestSupportedSubEnsembleAndSaysWhichPattern() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 15, true, "prod-a", "prod-b");
        stateBothLong();
        fx.forecast("prod-c", "BTC", "24h", ForecastAction.SHORT, 0.8, NOW.minus(Duration.ofMinutes(20)));

        MetaForecast exactOnly = fx.producer(Map.of("mode", "live", "backoff.enabled", false)).produce("BTC", "24h", NOW);
        assertEquals(AbstentionReason.INSUFFICIENT_DATA, exactOnly.abstentionReason());
        assertEquals("prod-a=long,prod-b=long,prod-c=short", exactOnly.pattern());

        MetaForecast backedOff = fx.producer(LIVE).produce("BTC", "24h", NOW.plusSeconds(1));
        assertEquals(ForecastAction.LONG, backedOff.action(), backedOff.toString());
        assertEquals("prod-a=long,prod-b=long", backedOff.pattern(), "the two-member pattern ranks above the singles");
        assertEquals(15, backedOff.episodes());
    }

    @Test
    void withTenProducersACallBacksOffToTheSubEnsemblesTheIndexHoldsEvenIfItsFirstCallFoundNone() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        String[] ten = new String[10];
        for (int i = 0; i < ten.length; i++) {
            ten[i] = "prod-" + i;
            fx.forecast(ten[i], "BTC", "24h", ForecastAction.LONG, 0.7, NOW.minus(Duration.ofMinutes(30)));
        }
        MetaProducerComponent meta = fx.producer(LIVE);
        MetaForecast none = meta.produce("BTC", "24h", NOW.minus(Duration.ofMinutes(20)));
        assertEquals(AbstentionReason.INSUFFICIENT_DATA, none.abstentionReason(), none.toString());

        // Ten producers per episode: the index keeps their sub-ensembles of up to three.
        fx.episodes(NOW, 15, true, ten);
        MetaForecast f = meta.produce("BTC", "24h", NOW);

        assertEquals(ForecastAction.LONG, f.action(), f.toString());
        assertEquals(15, f.episodes());
        long members = f.pattern().chars().filter(ch -> ch == '=').count();
        assertTrue(members >= 1 && members <= 3, f.pattern());
    }

    @Test
    void anEpisodeWithAnExtraProducerStillMatches() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 15, true, "prod-a", "prod-b", "prod-z");
        stateBothLong();
        MetaForecast f = fx.producer(Map.of("mode", "live", "backoff.enabled", false)).produce("BTC", "24h", NOW);
        assertEquals(15, f.episodes());
        assertEquals(ForecastAction.LONG, f.action());
    }

    @Test
    void historyResolvedAfterTheCallsInstantIsNotUsed() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofDays(30)));
        fx.episodes(NOW, 15, true, "prod-a", "prod-b"); // resolved at NOW - 1h
        stateBothLong();
        MetaProducerComponent meta = fx.producer(LIVE);
        MetaForecast before = meta.produce("BTC", "24h", NOW.minus(Duration.ofMinutes(61)));
        assertEquals(AbstentionReason.INSUFFICIENT_DATA, before.abstentionReason(), before.toString());
        MetaForecast after = meta.produce("BTC", "24h", NOW);
        assertEquals(ForecastAction.LONG, after.action());
    }

    @Test
    void newOutcomesAreFoldedInIncrementally() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 10, true, "prod-a", "prod-b");
        stateBothLong();
        MetaProducerComponent meta = fx.producer(LIVE);
        assertEquals(10, meta.produce("BTC", "24h", NOW).episodes());
        assertEquals(0, meta.engine().index().catchUp(), "nothing new");
        for (int i = 0; i < 5; i++) {
            Instant ts = NOW.minus(Duration.ofHours(2L * (i + 40)));
            fx.outcome("prod-a", "BTC", "24h", ForecastAction.LONG, false, -1, ts, NOW.minus(Duration.ofMinutes(5)));
            fx.outcome("prod-b", "BTC", "24h", ForecastAction.LONG, false, -1, ts, NOW.minus(Duration.ofMinutes(5)));
        }
        assertEquals(10, meta.engine().index().catchUp(), "only the ten new outcome events are read");
        MetaForecast f = meta.produce("BTC", "24h", NOW.plusSeconds(1));
        assertEquals(15, f.episodes());
        assertEquals(0.667, f.confidence());
    }

    @Test
    void aRepeatedCallForTheSameInstantAnswersTheSameAndStoresOnce() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 15, true, "prod-a", "prod-b");
        stateBothLong();
        MetaProducerComponent meta = fx.producer(LIVE);
        MetaForecast first = meta.produce("BTC", "24h", NOW);
        MetaForecast again = meta.produce("BTC", "24h", NOW);
        assertEquals(first, again);
        assertEquals(1, fx.store.ledger().forecasts(NOW, 10).size());
    }

    @Test
    void itsOwnForecastsNeverJoinTheEnsemble() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 15, true, "prod-a", "prod-b");
        fx.episodes(NOW, 15, true, "meta", "meta-shadow");
        stateBothLong();
        MetaProducerComponent meta = fx.producer(Map.of("mode", "live", "backoff.enabled", false));
        meta.produce("BTC", "24h", NOW.minus(Duration.ofMinutes(10)));
        MetaForecast f = meta.produce("BTC", "24h", NOW);
        assertEquals("prod-a=long,prod-b=long", f.pattern());
        assertEquals(15, f.episodes());
        assertEquals(531, meta.status().resolvedOutcomes(), "its own outcomes do not count for activation either");
    }

    @Test
    void unknownHorizonsAndBlankAssetsAreRefusedNamingTheField() {
        MetaProducerComponent meta = fx.producer(LIVE);
        assertEquals("horizon", assertThrows(ValidationException.class, () -> meta.produce("BTC", "soon", NOW)).field());
        assertEquals("asset", assertThrows(ValidationException.class, () -> meta.produce(" ", "24h", NOW)).field());
        assertEquals("asset", assertThrows(ValidationException.class, () -> meta.produce("BTC USD", "24h", NOW)).field());
    }

    @Test
    void resolvedShadowForecastsMakeTheTrackRecordNextToTheEnsemble() {
        fx.bulkOutcomes(501, NOW.minus(Duration.ofHours(1)));
        fx.episodes(NOW, 15, true, "prod-a", "prod-b");
        stateBothLong();
        fx.forecast("prod-c", "BTC", "24h", ForecastAction.SHORT, 0.9, NOW.minus(Duration.ofMinutes(20)));
        MetaProducerComponent meta = fx.producer(Map.of());
        MetaForecast f = meta.produce("BTC", "24h", NOW);
        assertEquals(AbstentionReason.SHADOW_MODE, f.abstentionReason());
        Forecast shadow = fx.store.ledger().forecasts(NOW, 10).get(0);
        assertEquals(0, meta.status().shadowRecord().resolved());

        // The resolver resolves it like any other forecast: the price fell, the shadow call (long) was wrong.
        fx.outcome("meta-shadow", shadow.eventId(), "BTC", "24h", ForecastAction.LONG, false, shadow.confidence(), -1.5,
                NOW, NOW.plus(Duration.ofHours(25)));
        var status = meta.status();
        assertEquals(1, status.shadowForecasts());
        assertEquals(1, status.shadowRecord().resolved());
        assertEquals(0, status.shadowRecord().wins());
        assertEquals(0.0, status.shadowRecord().winRate());
        assertEquals(1.0, status.shadowRecord().meanBrier(), 1e-12);
        assertNotNull(status.shadowRecord().wilsonHigh());
        // The ensemble's majority call (long, 2 to 1) at 0.65 was wrong as well.
        assertEquals(1, status.ensembleRecord().resolved());
        assertEquals(0, status.ensembleRecord().wins());
        assertEquals(0.65 * 0.65, status.ensembleRecord().meanBrier(), 1e-12);
        assertEquals(531 + 0, status.resolvedOutcomes());
        assertTrue(status.shadowRecord().wilsonLow() >= 0);
    }
}
