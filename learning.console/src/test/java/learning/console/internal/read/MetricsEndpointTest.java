package learning.console.internal.read;

import static learning.console.internal.ApiFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import learning.attribution.internal.PositionOutcomeAttributor;
import learning.console.internal.ApiFixture;
import learning.console.internal.api.ApiResponse;
import learning.forecast.internal.ForecastComponents;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: the Prometheus text format over the real store. */
class MetricsEndpointTest {
    ApiFixture api;

    @BeforeEach
    void open() {
        api = new ApiFixture();
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void scrapeAnswersLedgerSizesInThePrometheusTextFormat() {
        assertEquals(201, api.post("/forecasts", """
                [{"forecast_id":"f-1","asset":"BTC","horizon":"4h","action":"long","confidence":0.7,
                  "source":"ta@1.0","ts":"2026-01-05T10:00:00Z"}]""").status());
        ApiResponse scrape = api.get("/metrics", null);
        assertEquals(200, scrape.status());
        assertTrue(scrape.headers().get("Content-Type").startsWith("text/plain; version=0.0.4"), scrape.headers()
                .toString());
        String text = scrape.json();
        assertTrue(text.contains("# TYPE learning_ledger_rows gauge\n"), text);
        assertTrue(text.contains("learning_ledger_rows{table=\"forecasts\"} 1\n"), text);
        assertTrue(text.contains("learning_ledger_rows{table=\"positions\"} 0\n"), text);
        assertTrue(text.contains("\njvm_memory_heap_used_bytes "), text);
        assertFalse(text.contains("learning_outcomes_resolved"), "no family for a component that is not running");
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("# ") || line.matches("[a-z_]+(\\{[^}]*\\})? [-+0-9.EInfa]+"),
                    "a valid sample line: " + line);
        }
    }

    @Test
    void familiesAppearWithTheirComponentsAndNeedAToken() {
        api.outcomes = ForecastComponents.history(api.store.database());
        api.attributor = new PositionOutcomeAttributor(api.store.database(), api.store.events(), api.store.ledger());
        // A closed position without a conviction is an attribution gap.
        assertEquals(201, api.post("/positions", """
                {"id":"p-1","symbol":"BTC","direction":"long","opened_at":"2026-01-05T10:00:00Z",
                 "entry_price":100,"size_usd":1000}""").status());
        assertEquals(200, api.post("/positions/p-1/close", """
                {"closed_at":"2026-01-06T10:00:00Z","realized_pnl":12.5,"exit_price":101.25}""").status());
        String text = api.get("/metrics", null).json();
        assertTrue(text.contains("\nlearning_outcomes_resolved 0\n"), text);
        assertTrue(text.contains("\nlearning_attribution_gaps 1\n"), text);
        assertError(api.send("GET", "/metrics", null, null, null), 401, null);
    }
}
