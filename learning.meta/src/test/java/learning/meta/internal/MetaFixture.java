package learning.meta.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.gson.JsonObject;

import org.osgi.util.converter.Converters;

import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.store.internal.Store;

/**
 * A real store in memory and a meta-producer on it, with helpers that write what the rest of the
 * engine writes: producer forecasts through the ledger, and {@code forecast.outcome.v1} events in
 * the payload the outcome resolver writes.
 */
final class MetaFixture implements AutoCloseable {
    final Store store = Store.open("jdbc:hsqldb:mem:meta-" + UUID.randomUUID());
    private int serial;

    MetaProducerComponent producer(Map<String, Object> settings) {
        return new MetaProducerComponent(store.database(), store.events(), store.ledger(), "1.0.0", config(settings));
    }

    static MetaProducerComponent.Config config(Map<String, Object> settings) {
        return Converters.standardConverter().convert(new HashMap<>(settings)).to(MetaProducerComponent.Config.class);
    }

    /** A producer's forecast, stored through the ledger as the trading engine stores it. */
    Forecast forecast(String producer, String asset, String horizon, ForecastAction action, double confidence,
            Instant ts) {
        Forecast f = new Forecast("f-" + (++serial), asset, horizon, action, confidence, producer + "@1.0", "unknown",
                ts, null);
        return store.ledger().recordForecasts(List.of(f)).get(0);
    }

    /**
     * An outcome as the resolver writes it: event time = the resolver run ({@code resolvedAt}),
     * payload with the reference's fields plus {@code forecast_ts}.
     */
    void outcome(String producer, String asset, String horizon, ForecastAction action, boolean correct,
            double returnPct, Instant forecastTs, Instant resolvedAt) {
        outcome(producer, "fe-" + (++serial), asset, horizon, action, correct, 0.7, returnPct, forecastTs, resolvedAt);
    }

    void outcome(String producer, String forecastEventId, String asset, String horizon, ForecastAction action,
            boolean correct, double confidence, double returnPct, Instant forecastTs, Instant resolvedAt) {
        JsonObject o = new JsonObject();
        o.addProperty("forecast_event_id", forecastEventId);
        o.addProperty("forecast_id", "fid-" + (++serial));
        o.addProperty("producer_id", producer);
        o.addProperty("asset", asset);
        o.addProperty("horizon", horizon);
        o.addProperty("forecast_action", action.wireName());
        o.addProperty("forecast_confidence", confidence);
        o.addProperty("forecast_price", 100.0);
        o.addProperty("actual_price", 100.0 * (1 + returnPct / 100));
        o.addProperty("return_actual_pct", returnPct);
        o.addProperty("direction_correct", correct);
        o.addProperty("brier_score", Math.pow(confidence - (correct ? 1 : 0), 2));
        o.addProperty("regime_at_forecast", "unknown");
        if (forecastTs != null) {
            o.addProperty("forecast_ts", forecastTs.toString());
        }
        o.addProperty("resolved_at", resolvedAt.toString());
        store.events().append(new NewEvent(EventTypes.FORECAST_OUTCOME, resolvedAt, "brain.outcome_resolver",
                "forecast.outcome.v1:" + forecastEventId, o.toString()));
    }

    /**
     * The reference's bulk outcomes: they name forecasts that do not exist and carry no forecast
     * time, so they count towards activation but join no episode.
     */
    void bulkOutcomes(int n, Instant resolvedAt) {
        for (int i = 0; i < n; i++) {
            outcome("bulk-" + (i % 3), "missing-" + (++serial), "BTC", "24h", ForecastAction.LONG, i % 2 == 0, 0.6,
                    i % 2 == 0 ? 1.0 : -1.0, null, resolvedAt);
        }
    }

    /**
     * The reference's history helper: episode i is placed at {@code now - 2h * (i + 10)}, both
     * producers calling long, right (price up) or wrong (price down).
     */
    void episodes(Instant now, int count, boolean correct, String... producers) {
        for (int i = 0; i < count; i++) {
            Instant ts = now.minus(Duration.ofHours(2L * (i + 10)));
            for (String p : producers) {
                outcome(p, "BTC", "24h", ForecastAction.LONG, correct, correct ? 2.0 : -2.0, ts, now.minus(Duration.ofHours(1)));
            }
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
