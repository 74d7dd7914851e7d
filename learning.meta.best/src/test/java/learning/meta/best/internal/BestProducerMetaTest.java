package learning.meta.best.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.PriceBar;
import learning.api.meta.AbstentionReason;
import learning.api.meta.MetaForecast;
import learning.api.meta.MetaMode;
import learning.forecast.internal.AggregatorComponent;
import learning.forecast.internal.OutcomeResolverComponent;
import learning.forecast.internal.SqlOutcomeHistory;
import learning.store.internal.Store;

/**
 * The best-producer meta-producer on the real store, resolver and aggregator: it repeats the call of
 * the state's producer with the best Wilson lower bound.
 */
class BestProducerMetaTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(10));
    private final Store store = Store.open("jdbc:hsqldb:mem:best-" + UUID.randomUUID());

    @AfterEach
    void close() {
        store.close();
    }

    private BestProducerMeta best(String mode) {
        Map<String, Object> props = new HashMap<>();
        props.put("mode", mode);
        props.put("activation.min.outcomes", 20L);
        SqlOutcomeHistory history = new SqlOutcomeHistory(store.database());
        AggregatorComponent aggregator = new AggregatorComponent(
                Converters.standardConverter().convert(Map.of()).to(AggregatorComponent.Config.class), store.database());
        OutcomeResolverComponent resolver = new OutcomeResolverComponent(
                Converters.standardConverter().convert(Map.of()).to(OutcomeResolverComponent.Config.class),
                store.database(), store.events(), store.ledger());
        // A rising price; "good" always calls long, "bad" always short.
        List<PriceBar> bars = new ArrayList<>();
        for (int i = 0; i < 24 * 12; i++) {
            Instant open = T0.plus(Duration.ofHours(i));
            double c = 100 + i;
            bars.add(new PriceBar("BTC", "1h", open, open.plus(Duration.ofHours(1)), c, c, c, c, 1, "test"));
        }
        store.ledger().recordPriceBars(bars);
        List<Forecast> forecasts = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Instant ts = T0.plus(Duration.ofHours(4L * (i + 1)));
            forecasts.add(new Forecast("g" + i, "BTC", "4h", ForecastAction.LONG, 0.7, "good@1", "unknown", ts, null));
            forecasts.add(new Forecast("b" + i, "BTC", "4h", ForecastAction.SHORT, 0.7, "bad@1", "unknown", ts, null));
        }
        forecasts.add(new Forecast("gs", "BTC", "4h", ForecastAction.LONG, 0.7, "good@1", "unknown",
                NOW.minus(Duration.ofMinutes(30)), null));
        forecasts.add(new Forecast("bs", "BTC", "4h", ForecastAction.SHORT, 0.7, "bad@1", "unknown",
                NOW.minus(Duration.ofMinutes(30)), null));
        store.ledger().recordForecasts(forecasts);
        resolver.resolveDue(NOW);
        aggregator.update(NOW);
        return new BestProducerMeta(Converters.standardConverter().convert(props).to(BestProducerMeta.Config.class),
                "1.0.0", store.ledger(), store.events(), history, aggregator);
    }

    @Test
    void repeatsTheCallOfTheProducerWithTheBestLowerBound() {
        MetaForecast f = best("live").produce("BTC", "4h", NOW);
        assertEquals(ForecastAction.LONG, f.action(), f.toString());
        assertEquals("good=long", f.pattern());
        assertEquals(1.0, f.confidence());
        assertEquals("meta-best@1.0.0", f.source());
    }

    @Test
    void inShadowModeStoresTheForecastAndAbstains() {
        BestProducerMeta meta = best("shadow");
        MetaForecast f = meta.produce("BTC", "4h", NOW);
        assertEquals(AbstentionReason.SHADOW_MODE, f.abstentionReason());
        assertEquals("meta-best-shadow@1.0.0", store.ledger().forecasts(NOW, 1).get(0).source());
        assertEquals(MetaMode.LIVE, meta.switchMode(MetaMode.LIVE, "test"));
        assertEquals(ForecastAction.LONG, meta.produce("BTC", "4h", NOW.plusSeconds(1)).action());
        assertEquals("best", meta.status().implementation());
    }
}
