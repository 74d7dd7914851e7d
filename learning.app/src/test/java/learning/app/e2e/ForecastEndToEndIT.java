package learning.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Forecast-level learning in the exported engine, driven the way a trading engine drives it:
 * bars and forecasts through the ingest endpoints, the resolver and aggregator through
 * {@code POST /cycles/{name}/run}, results read back from {@code /outcomes}, {@code /performance}
 * and {@code /correlation}.
 */
class ForecastEndToEndIT {
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    @Test
    void resolvesIngestedForecastsOnceAndServesOutcomesPerformanceAndAgreement() throws Exception {
        String name = "resolvesIngestedForecasts";
        try (EngineProcess engine = EngineProcess.start(EngineProcess.newHome(name), name)) {
            engine.awaitReady();
            String token = engine.operatorToken();

            HttpResponse<String> badBars = engine.post("/api/v1/prices", """
                    {"asset": "BTC", "interval": "1h", "bars": [
                      {"open_time": "2026-01-05T00:00:00Z", "close_time": "2026-01-05T01:00:00Z",
                       "open": 100, "high": 99, "low": 101, "close": 100, "volume": 1}]}
                    """, token);
            assertError(badBars, 400, "bars[0].high");
            HttpResponse<String> badForecast = engine.post("/api/v1/forecasts", """
                    [{"forecast_id": "x-1", "asset": "BTC", "horizon": "soon", "action": "long",
                      "confidence": 0.6, "source": "alpha@1.0", "ts": "2026-01-05T10:00:00Z"}]
                    """, token);
            assertError(badForecast, 400, "[0].horizon");

            assertEquals(201, engine.post("/api/v1/prices", bars(48), token).statusCode());
            HttpResponse<String> stored = engine.post("/api/v1/forecasts", forecasts(10), token);
            assertEquals(201, stored.statusCode(), stored.body());

            String asOf = START.plus(Duration.ofDays(2)).toString();
            JsonObject resolve = run(engine, "resolve", asOf, token);
            assertEquals("succeeded", resolve.get("status").getAsString(), resolve.toString());
            assertEquals(20, resolve.getAsJsonObject("counts").get("resolved").getAsInt(), resolve.toString());
            JsonObject again = run(engine, "resolve", asOf, token);
            assertEquals(0, again.getAsJsonObject("counts").get("resolved").getAsInt(),
                    "a second run resolves nothing twice: " + again);
            JsonObject aggregate = run(engine, "aggregate", asOf, token);
            assertEquals(20, aggregate.getAsJsonObject("counts").get("new_outcomes").getAsInt(), aggregate.toString());

            JsonArray outcomes = array(engine.get("/api/v1/outcomes?producer_id=alpha&limit=100", token));
            assertEquals(10, outcomes.size(), outcomes.toString());
            for (JsonElement e : outcomes) {
                JsonObject o = e.getAsJsonObject();
                assertTrue(o.get("direction_correct").getAsBoolean(), o.toString());
                assertEquals(0.09, o.get("brier_score").getAsDouble(), 1e-9, o.toString());
            }
            JsonArray events = array(engine.get("/api/v1/events?type=forecast.outcome.v1&limit=1000", token));
            assertEquals(20, events.size(), "one forecast.outcome.v1 per forecast");

            JsonArray performance = array(engine.get("/api/v1/performance?regime=*&asset=BTC&horizon=1h", token));
            assertEquals(2, performance.size(), performance.toString());
            for (JsonElement e : performance) {
                JsonObject p = e.getAsJsonObject();
                double expected = "alpha".equals(p.get("producer_id").getAsString()) ? 1.0 : 0.0;
                assertEquals(expected, p.get("win_rate").getAsDouble(), 1e-12, p.toString());
                assertEquals(10, p.get("count").getAsInt());
            }
            JsonArray pairs = array(engine.get("/api/v1/correlation?asset=BTC", token));
            assertEquals(1, pairs.size(), pairs.toString());
            assertEquals(0.0, pairs.get(0).getAsJsonObject().get("agreement_rate").getAsDouble(), 1e-12);

            HttpResponse<String> metrics = engine.get("/metrics", token);
            assertEquals(200, metrics.statusCode(), metrics.body());
            assertTrue(metrics.body().contains("\nlearning_outcomes_resolved 20\n"), metrics.body());
            assertTrue(metrics.body().contains("learning_cycle_last_succeeded{cycle=\"aggregate\",status=\"succeeded\"} 1"),
                    metrics.body());
            assertTrue(metrics.body().contains("learning_domain_weight{domain=\"onchain\"} 0.25"), metrics.body());
            assertEquals(401, engine.get("/metrics").statusCode(), "the scrape needs a token");

            HttpResponse<String> badFilter = engine.get("/api/v1/outcomes?horizon=4hours", token);
            assertError(badFilter, 400, "horizon");
        }
    }

    private static JsonObject run(EngineProcess engine, String cycle, String asOf, String token) throws Exception {
        HttpResponse<String> answer = engine.post("/api/v1/cycles/" + cycle + "/run?as_of=" + asOf, "", token);
        assertEquals(200, answer.statusCode(), answer.body());
        return JsonParser.parseString(answer.body()).getAsJsonObject();
    }

    private static JsonArray array(HttpResponse<String> answer) {
        assertEquals(200, answer.statusCode(), answer.body());
        return JsonParser.parseString(answer.body()).getAsJsonArray();
    }

    private static void assertError(HttpResponse<String> answer, int status, String field) {
        assertEquals(status, answer.statusCode(), answer.body());
        JsonObject error = JsonParser.parseString(answer.body()).getAsJsonObject();
        assertEquals(field, error.get("field").getAsString(), answer.body());
    }

    /** Hourly BTC bars from {@link #START}, each closing 1 above the last. */
    private static String bars(int hours) {
        StringBuilder json = new StringBuilder("{\"asset\":\"BTC\",\"interval\":\"1h\",\"bars\":[");
        for (int i = 0; i < hours; i++) {
            Instant open = START.plus(Duration.ofHours(i));
            double close = 101 + i;
            json.append(i == 0 ? "" : ",").append("{\"open_time\":\"").append(open).append("\",\"close_time\":\"")
                    .append(open.plus(Duration.ofHours(1))).append("\",\"open\":").append(close - 1)
                    .append(",\"high\":").append(close + 0.5).append(",\"low\":").append(close - 1.5)
                    .append(",\"close\":").append(close).append(",\"volume\":10}");
        }
        return json.append("]}").toString();
    }

    /** alpha calls long and beta short every hour from hour 1, 1h ahead, at confidence 0.7. */
    private static String forecasts(int hours) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 1; i <= hours; i++) {
            Instant ts = START.plus(Duration.ofHours(i));
            for (String[] p : new String[][] {{"alpha", "long"}, {"beta", "short"}}) {
                json.append(json.length() == 1 ? "" : ",").append("{\"forecast_id\":\"").append(p[0]).append('-')
                        .append(i).append("\",\"asset\":\"BTC\",\"horizon\":\"1h\",\"action\":\"").append(p[1])
                        .append("\",\"confidence\":0.7,\"source\":\"").append(p[0])
                        .append("@1.0\",\"regime_tag\":\"trend\",\"ts\":\"").append(ts).append("\"}");
            }
        }
        return json.append("]").toString();
    }
}
