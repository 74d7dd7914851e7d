package learning.console.internal.ingest;

import static learning.console.internal.ApiFixture.assertBadInput;
import static learning.console.internal.ApiFixture.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.gson.JsonObject;

import learning.api.attribution.AttributionResult;
import learning.api.attribution.AttributionStatus;
import learning.api.attribution.AttributionSweep;
import learning.api.attribution.OutcomeAttribution;
import learning.api.attribution.OutcomeAttributor;
import learning.api.ledger.PositionStatus;
import learning.console.internal.ApiFixture;
import learning.console.internal.api.ApiResponse;

class PositionIngestTest {
    private static final String OPEN = """
            {"id":"p-1","symbol":"btc","direction":"long","opened_at":"2026-01-05T10:00:00Z",
             "conviction_id":"c-1","regime_at_entry":"BULL","entry_price":42000.5,"size_usd":1000}""";
    private static final String CLOSE = """
            {"closed_at":"2026-01-06T10:00:00Z","realized_pnl":125.5,"max_drawdown_during":-0.03,"exit_price":43000}""";

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    private static String with(String json, String member, String raw) {
        JsonObject o = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
        o.remove(member);
        String body = o.toString();
        if (raw == null) {
            return body;
        }
        return body.substring(0, body.length() - 1) + ",\"" + member + "\":" + raw + "}";
    }

    @Test
    void openingAPositionAnswersTheStoredPosition() {
        ApiResponse response = api.post("/positions", OPEN);

        assertEquals(201, response.status(), response.json());
        JsonObject p = object(response);
        assertEquals("p-1", p.get("id").getAsString());
        assertEquals("BTC", p.get("symbol").getAsString());
        assertEquals("open", p.get("status").getAsString());
        assertEquals("2026-01-05T10:00:00Z", p.get("opened_at").getAsString());
        assertTrue(p.get("closed_at").isJsonNull());
        assertEquals(42000.5, p.get("entry_price").getAsDouble());
    }

    @Test
    void openingAgainUpdatesTheOpenPosition() {
        api.post("/positions", OPEN);

        ApiResponse response = api.post("/positions", with(OPEN, "size_usd", "2500"));

        assertEquals(201, response.status(), response.json());
        assertEquals(2500.0, api.store.ledger().position("p-1").orElseThrow().sizeUsd());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "id | 7",
            "id | '\"\"'",
            "symbol | '{}'",
            "direction | '\"sideways\"'",
            "direction | '[\"long\"]'",
            "opened_at | '\"2026-01-05\"'",
            "opened_at | '\"not a time\"'",
            "entry_price | 0",
            "entry_price | -42000",
            "entry_price | '\"42000\"'",
            "entry_price | NaN",
            "size_usd | -1",
            "size_usd | Infinity",
            "max_drawdown_during | '\"-0.03\"'",
            "conviction_id | 12",
    })
    void badPositionFieldIsRefusedAndNothingIsStored(String field, String raw) {
        Map<String, Long> before = api.counts();

        assertBadInput(api.post("/positions", with(OPEN, field, raw)), field);
        assertEquals(before, api.counts());
    }

    @ParameterizedTest
    @CsvSource({"id", "symbol", "direction", "opened_at"})
    void positionMissingARequiredFieldNamesIt(String field) {
        assertBadInput(api.post("/positions", with(OPEN, field, null)), field);
        assertEquals(0L, api.counts().get("positions"));
    }

    @Test
    void closingAnswersTheClosedPositionWithoutAttributionWhenNoAttributorRuns() {
        api.post("/positions", OPEN);

        ApiResponse response = api.post("/positions/p-1/close", CLOSE);

        assertEquals(200, response.status(), response.json());
        JsonObject p = object(response);
        assertEquals("closed", p.get("status").getAsString());
        assertEquals(125.5, p.get("realized_pnl").getAsDouble());
        assertEquals("2026-01-06T10:00:00Z", p.get("closed_at").getAsString());
        assertTrue(p.get("attribution").isJsonNull());
    }

    @Test
    void closingCallsTheAttributorWhenOneRunsAndAnswersItsResult() {
        api.attributor = new RecordingAttributor();
        api.post("/positions", OPEN);

        ApiResponse response = api.post("/positions/p-1/close", CLOSE);

        assertEquals(200, response.status(), response.json());
        JsonObject attribution = object(response).getAsJsonObject("attribution");
        assertEquals("attributed", attribution.get("status").getAsString());
        assertEquals("evt-1", attribution.get("event_id").getAsString());
        JsonObject outcome = attribution.getAsJsonObject("outcome");
        assertEquals("c-1", outcome.get("conviction_id").getAsString());
        assertTrue(outcome.get("direction_correct").getAsBoolean());
        assertEquals(0.8, outcome.getAsJsonObject("domain_scores_at_entry").get("onchain").getAsDouble());
    }

    @Test
    void closeStaysStoredWhenTheAttributorFails() {
        api.attributor = new RecordingAttributor() {
            @Override
            public AttributionResult attribute(String positionId) {
                throw new IllegalStateException("boom");
            }
        };
        api.post("/positions", OPEN);

        ApiResponse response = api.post("/positions/p-1/close", CLOSE);

        assertEquals(200, response.status(), response.json());
        assertTrue(object(response).has("attribution_error"));
        assertEquals(PositionStatus.CLOSED, api.store.ledger().position("p-1").orElseThrow().status());
    }

    @Test
    void closingTwiceIsAConflictAndTheFirstCloseStays() {
        api.post("/positions", OPEN);
        api.post("/positions/p-1/close", CLOSE);
        Map<String, Long> before = api.counts();

        ApiResponse response = api.post("/positions/p-1/close", with(CLOSE, "realized_pnl", "-50"));

        ApiFixture.assertError(response, 409, "id");
        assertEquals(before, api.counts());
        assertEquals(125.5, api.store.ledger().position("p-1").orElseThrow().realizedPnl());
    }

    @Test
    void closingAnUnknownPositionIsBadInputNamingTheId() {
        Map<String, Long> before = api.counts();

        assertBadInput(api.post("/positions/nope/close", CLOSE), "id");
        assertEquals(before, api.counts());
    }

    @Test
    void closedAtBeforeOpenedAtIsRefusedAndThePositionStaysOpen() {
        api.post("/positions", OPEN);

        assertBadInput(api.post("/positions/p-1/close", with(CLOSE, "closed_at", "\"2026-01-04T10:00:00Z\"")),
                "closed_at");
        assertEquals(PositionStatus.OPEN, api.store.ledger().position("p-1").orElseThrow().status());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "realized_pnl | '\"125\"'",
            "realized_pnl | NaN",
            "realized_pnl | 1e400",
            "exit_price | 0",
            "exit_price | -1",
            "closed_at | '\"tomorrow\"'",
            "closed_at | 5",
    })
    void badCloseFieldIsRefusedAndThePositionStaysOpen(String field, String raw) {
        api.post("/positions", OPEN);
        Map<String, Long> before = api.counts();

        assertBadInput(api.post("/positions/p-1/close", with(CLOSE, field, raw)), field);
        assertEquals(before, api.counts());
        assertEquals(PositionStatus.OPEN, api.store.ledger().position("p-1").orElseThrow().status());
    }

    @Test
    void closeWithoutRealizedPnlIsRefused() {
        api.post("/positions", OPEN);

        assertBadInput(api.post("/positions/p-1/close", with(CLOSE, "realized_pnl", null)), "realized_pnl");
    }

    @Test
    void reopeningAClosedPositionIsAConflict() {
        api.post("/positions", OPEN);
        api.post("/positions/p-1/close", CLOSE);

        ApiFixture.assertError(api.post("/positions", OPEN), 409, "id");
    }

    /** An attributor that answers as the real one would for a position with conviction c-1. */
    private static class RecordingAttributor implements OutcomeAttributor {
        @Override
        public AttributionResult attribute(String positionId) {
            return new AttributionResult(positionId, AttributionStatus.ATTRIBUTED, new OutcomeAttribution(positionId,
                    "c-1", 125.5, true, 24.0, -0.03, "BULL", Map.of("onchain", 0.8)), "evt-1");
        }

        @Override
        public AttributionSweep sweep(Instant asOf) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long gapCount() {
            return 0;
        }
    }
}
