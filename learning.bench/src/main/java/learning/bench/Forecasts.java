package learning.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;

/** Deterministic synthetic forecasts: 20 assets, several horizons, several producers. */
final class Forecasts {
    private static final String[] HORIZONS = {"1h", "4h", "24h", "3d", "7d"};
    private static final ForecastAction[] ACTIONS = {ForecastAction.LONG, ForecastAction.SHORT, ForecastAction.FLAT};
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private Forecasts() {
    }

    static Forecast forecast(String run, int i) {
        return new Forecast(run + "-" + i, "A" + (i % 20), HORIZONS[i % HORIZONS.length], ACTIONS[i % 3],
                0.5 + (i % 50) / 100.0, "producer-" + (i % 7) + "@1.0", "unknown", START.plusSeconds(60L * i), null);
    }

    static List<Forecast> batch(String run, int from, int size) {
        List<Forecast> out = new ArrayList<>(size);
        for (int i = from; i < from + size; i++) {
            out.add(forecast(run, i));
        }
        return out;
    }

    static String json(List<Forecast> batch) {
        JsonArray a = new JsonArray();
        for (Forecast f : batch) {
            JsonObject o = new JsonObject();
            o.addProperty("forecast_id", f.forecastId());
            o.addProperty("asset", f.asset());
            o.addProperty("horizon", f.horizon());
            o.addProperty("action", f.action().wireName());
            o.addProperty("confidence", f.confidence());
            o.addProperty("source", f.source());
            o.addProperty("regime_tag", f.regimeTag());
            o.addProperty("ts", f.ts().toString());
            a.add(o);
        }
        return a.toString();
    }
}
