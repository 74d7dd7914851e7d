package learning.console.internal.read;

import static learning.console.internal.ApiFixture.array;
import static learning.console.internal.ApiFixture.assertBadInput;
import static learning.console.internal.ApiFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import learning.api.forecast.OutcomeResolver;
import learning.api.forecast.ResolutionRun;
import learning.console.internal.ApiFixture;
import learning.forecast.internal.ForecastComponents;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /outcomes}, {@code /performance} and {@code /correlation} against the real resolver
 * and aggregator on a real in-memory store, fed through the ingest endpoints.
 */
class ForecastEndpointsTest {
    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    ApiFixture api;

    @BeforeEach
    void open() {
        api = new ApiFixture();
        api.outcomes = ForecastComponents.history(api.store.database());
        api.performance = ForecastComponents.aggregator(api.store.database());
    }

    @AfterEach
    void close() {
        api.close();
    }

    /**
     * 48 hourly BTC bars, each closing 1 above the last; alpha calls long and beta short every
     * hour of the first ten, 1h ahead, at confidence 0.7: alpha is always right (Brier 0.09),
     * beta always wrong (Brier 0.49), and they never agree.
     */
    private void resolveTwentyForecasts() {
        StringBuilder bars = new StringBuilder("{\"asset\":\"btc\",\"interval\":\"1h\",\"bars\":[");
        for (int i = 0; i < 48; i++) {
            Instant open = START.plus(Duration.ofHours(i));
            double close = 101 + i;
            bars.append(i == 0 ? "" : ",").append("{\"open_time\":\"").append(open)
                    .append("\",\"close_time\":\"").append(open.plus(Duration.ofHours(1)))
                    .append("\",\"open\":").append(close - 1).append(",\"high\":").append(close + 0.5)
                    .append(",\"low\":").append(close - 1.5).append(",\"close\":").append(close)
                    .append(",\"volume\":10}");
        }
        assertEquals(201, api.post("/prices", bars.append("]}").toString()).status());
        StringBuilder forecasts = new StringBuilder("[");
        for (int i = 1; i <= 10; i++) {
            Instant ts = START.plus(Duration.ofHours(i));
            for (String[] p : new String[][] {{"alpha", "long"}, {"beta", "short"}}) {
                forecasts.append(forecasts.length() == 1 ? "" : ",").append("{\"forecast_id\":\"")
                        .append(p[0]).append('-').append(i).append("\",\"asset\":\"BTC\",\"horizon\":\"1h\",")
                        .append("\"action\":\"").append(p[1]).append("\",\"confidence\":0.7,\"source\":\"")
                        .append(p[0]).append("@1.0\",\"regime_tag\":\"trend\",\"ts\":\"").append(ts).append("\"}");
            }
        }
        assertEquals(201, api.post("/forecasts", forecasts.append("]").toString()).status());
        OutcomeResolver resolver = ForecastComponents.resolver(api.store.database(), api.store.events(),
                api.store.ledger());
        Instant asOf = START.plus(Duration.ofDays(2));
        ResolutionRun run = resolver.resolveDue(asOf);
        assertEquals(20, run.resolved());
        api.performance.update(asOf);
    }

    @Test
    void outcomesAnswerTheResolvedForecastsNewestFirstWithTheReferenceFields() {
        resolveTwentyForecasts();
        JsonArray all = array(api.get("/outcomes", null));
        assertEquals(20, all.size());
        JsonObject newest = all.get(0).getAsJsonObject();
        assertEquals(START.plus(Duration.ofHours(10)).toString(), newest.get("forecast_ts").getAsString());
        for (String field : new String[] {"forecast_event_id", "forecast_id", "producer_id", "asset", "horizon",
                "forecast_action", "forecast_confidence", "forecast_price", "actual_price", "return_actual_pct",
                "direction_correct", "brier_score", "log_score", "regime_at_forecast", "resolved_at"}) {
            assertTrue(newest.has(field), field + " in " + newest);
        }

        JsonArray alpha = array(api.get("/outcomes", "producer_id=alpha&horizon=1H&asset=btc&limit=3"));
        assertEquals(3, alpha.size());
        for (JsonElement e : alpha) {
            JsonObject o = e.getAsJsonObject();
            assertEquals("alpha", o.get("producer_id").getAsString());
            assertEquals("long", o.get("forecast_action").getAsString());
            assertTrue(o.get("direction_correct").getAsBoolean());
            assertEquals(0.09, o.get("brier_score").getAsDouble(), 1e-12);
            double ret = (o.get("actual_price").getAsDouble() - o.get("forecast_price").getAsDouble())
                    / o.get("forecast_price").getAsDouble() * 100;
            assertEquals(ret, o.get("return_actual_pct").getAsDouble(), 1e-9);
        }
        String since = START.plus(Duration.ofHours(9)).toString();
        assertEquals(4, array(api.get("/outcomes", "since=" + since)).size(), "2 producers x hours 9 and 10");
        assertEquals(0, array(api.get("/outcomes", "asset=ETH")).size());
    }

    @Test
    void performanceAndCorrelationAnswerTheAggregatorsRows() {
        resolveTwentyForecasts();
        JsonArray rows = array(api.get("/performance", "producer_id=alpha&regime=*"));
        assertEquals(1, rows.size(), rows.toString());
        JsonObject alpha = rows.get(0).getAsJsonObject();
        assertEquals(10, alpha.get("count").getAsLong());
        assertEquals(1.0, alpha.get("win_rate").getAsDouble(), 1e-12);
        assertEquals(0.09, alpha.get("mean_brier").getAsDouble(), 1e-12);
        assertTrue(alpha.get("wilson_low").getAsDouble() < 1.0);
        assertEquals(10, alpha.getAsJsonArray("reliability_bins").size());

        JsonArray trend = array(api.get("/performance", "regime=trend"));
        assertEquals(2, trend.size(), "one row per producer for the regime");
        JsonObject beta = array(api.get("/performance", "producer_id=beta&regime=*")).get(0).getAsJsonObject();
        assertEquals(0.0, beta.get("win_rate").getAsDouble(), 1e-12);
        assertEquals(0.49, beta.get("mean_brier").getAsDouble(), 1e-12);

        JsonArray pairs = array(api.get("/correlation", "asset=BTC&horizon=1h"));
        assertEquals(1, pairs.size(), pairs.toString());
        JsonObject pair = pairs.get(0).getAsJsonObject();
        assertEquals("alpha", pair.get("producer_a").getAsString());
        assertEquals("beta", pair.get("producer_b").getAsString());
        assertEquals(0.0, pair.get("agreement_rate").getAsDouble(), 1e-12);
        assertTrue(pair.get("sample_count").getAsLong() > 0);
        assertEquals(1, array(api.get("/correlation", "producer_id=beta")).size());
        assertEquals(0, array(api.get("/correlation", "horizon=4h")).size());
    }

    @Test
    void carelessFiltersAreRefusedWithTheParameterNamed() {
        assertBadInput(api.get("/outcomes", "horizon=soon"), "horizon");
        assertBadInput(api.get("/outcomes", "limit=0"), "limit");
        assertBadInput(api.get("/outcomes", "limit=ten"), "limit");
        assertBadInput(api.get("/outcomes", "since=yesterday"), "since");
        assertBadInput(api.get("/performance", "horizon=4 hours"), "horizon");
        assertBadInput(api.get("/performance", "producer_id=" + "x".repeat(200)), "producer_id");
        assertBadInput(api.get("/correlation", "limit=10001"), "limit");
    }

    @Test
    void withoutTheForecastBundleTheReadsAnswer503() {
        api.outcomes = null;
        api.performance = null;
        assertError(api.get("/outcomes", null), 503, null);
        assertError(api.get("/performance", null), 503, null);
        assertError(api.get("/correlation", null), 503, null);
        assertError(api.send("GET", "/outcomes", null, null, null), 401, null);
    }
}
