package learning.itest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.google.gson.JsonObject;

import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.InputLedger;

/**
 * Writes what the meta-producer learns from, as the engine writes it: outcome events in the
 * resolver's payload, and producer forecasts through the ledger.
 */
final class MetaSeed {
    private MetaSeed() {
    }

    /** Enough outcomes for the activation gate (they name forecasts that do not exist: no episodes). */
    static void activation(EventLog events, int n, Instant resolvedAt) {
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(outcome("bulk", "missing-" + UUID.randomUUID(), "BULK", ForecastAction.LONG, true, 1.0, null,
                    resolvedAt));
        }
        events.appendAll(batch);
    }

    /** {@code count} 2-hour episodes before {@code now} in which both producers called long and were right. */
    static void winningEpisodes(EventLog events, String asset, Instant now, int count, String... producers) {
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant ts = now.minus(Duration.ofHours(2L * (i + 10)));
            for (String p : producers) {
                batch.add(outcome(p, "fe-" + UUID.randomUUID(), asset, ForecastAction.LONG, true, 2.0, ts,
                        now.minus(Duration.ofHours(1))));
            }
        }
        events.appendAll(batch);
    }

    /** Each producer calls long for the asset at 24 h, 30 minutes before {@code now}. */
    static void stateAllLong(InputLedger ledger, String asset, Instant now, String... producers) {
        List<Forecast> batch = new ArrayList<>();
        for (String p : producers) {
            batch.add(new Forecast("f-" + UUID.randomUUID(), asset, "24h", ForecastAction.LONG, 0.7, p + "@1.0", "unknown",
                    now.minus(Duration.ofMinutes(30)), null));
        }
        ledger.recordForecasts(batch);
    }

    static NewEvent outcome(String producer, String forecastEventId, String asset, ForecastAction action,
            boolean correct, double returnPct, Instant forecastTs, Instant resolvedAt) {
        JsonObject o = new JsonObject();
        o.addProperty("forecast_event_id", forecastEventId);
        o.addProperty("producer_id", producer);
        o.addProperty("asset", asset);
        o.addProperty("horizon", "24h");
        o.addProperty("forecast_action", action.wireName());
        o.addProperty("forecast_confidence", 0.7);
        o.addProperty("forecast_price", 100.0);
        o.addProperty("actual_price", 100.0 + returnPct);
        o.addProperty("return_actual_pct", returnPct);
        o.addProperty("direction_correct", correct);
        o.addProperty("brier_score", correct ? 0.09 : 0.49);
        o.addProperty("regime_at_forecast", "unknown");
        if (forecastTs != null) {
            o.addProperty("forecast_ts", forecastTs.toString());
        }
        o.addProperty("resolved_at", resolvedAt.toString());
        return new NewEvent(EventTypes.FORECAST_OUTCOME, resolvedAt, "brain.outcome_resolver",
                "forecast.outcome.v1:" + forecastEventId, o.toString());
    }
}
