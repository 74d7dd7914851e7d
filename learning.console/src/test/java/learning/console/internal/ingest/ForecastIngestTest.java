package learning.console.internal.ingest;

import static learning.console.internal.ApiFixture.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import learning.console.internal.ApiFixture;
import learning.console.internal.api.ApiResponse;

class ForecastIngestTest {
    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    /** A forecast as JSON members (raw JSON values), so tests can break one member at a time. */
    static Map<String, String> forecast(int i) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("forecast_id", "\"f-" + i + "\"");
        f.put("asset", "\"BTC\"");
        f.put("horizon", "\"4h\"");
        f.put("action", "\"long\"");
        f.put("confidence", "0.7");
        f.put("source", "\"momentum@1.2\"");
        f.put("regime_tag", "\"BULL\"");
        f.put("ts", "\"2026-01-05T10:00:00Z\"");
        return f;
    }

    static String object(Map<String, String> members) {
        StringJoiner j = new StringJoiner(",", "{", "}");
        members.forEach((k, v) -> j.add("\"" + k + "\":" + v));
        return j.toString();
    }

    /** A batch of {@code n} forecasts in which item {@code bad} has {@code field} set to {@code raw} (null: removed). */
    static String batch(int n, int bad, String field, String raw) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int i = 0; i < n; i++) {
            Map<String, String> f = forecast(i);
            if (i == bad) {
                if (raw == null) {
                    f.remove(field);
                } else {
                    f.put(field, raw);
                }
            }
            j.add(object(f));
        }
        return j.toString();
    }

    @Test
    void validBatchIsStoredWithEventIds() {
        ApiResponse response = api.post("/forecasts", batch(3, -1, null, null));

        assertEquals(201, response.status(), response.json());
        JsonArray stored = ApiFixture.array(response);
        assertEquals(3, stored.size());
        JsonObject first = stored.get(0).getAsJsonObject();
        assertEquals("f-0", first.get("forecast_id").getAsString());
        assertEquals("long", first.get("action").getAsString());
        assertEquals("2026-01-05T10:00:00Z", first.get("ts").getAsString());
        assertNotNull(first.get("event_id").getAsString());
        assertEquals(3L, api.counts().get("forecasts"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "confidence | 1.5",
            "confidence | -0.1",
            "confidence | NaN",
            "confidence | Infinity",
            "confidence | -Infinity",
            "confidence | 1e999",
            "confidence | '\"0.7\"'",
            "confidence | '\"NaN\"'",
            "confidence | true",
            "confidence | '{}'",
            "action | '\"buy\"'",
            "action | 3",
            "horizon | '\"4x\"'",
            "horizon | '\"0m\"'",
            "horizon | '\"soon\"'",
            "ts | '\"yesterday\"'",
            "ts | '\"2026-13-05T10:00:00Z\"'",
            "ts | 1767607200",
            "asset | '{\"name\":\"BTC\"}'",
            "asset | '[\"BTC\"]'",
            "asset | '\"\"'",
            "source | 42",
            "forecast_id | '\"  \"'",
    })
    void forecastBatchWithOneBadFieldStoresNothing(String field, String raw) {
        Map<String, Long> before = api.counts();

        ApiResponse response = api.post("/forecasts", batch(5, 3, field, raw));

        assertBadInput(response, "[3]." + field);
        assertEquals(before, api.counts());
    }

    @ParameterizedTest
    @CsvSource({"forecast_id", "asset", "horizon", "action", "confidence", "source", "ts"})
    void forecastMissingARequiredFieldNamesIt(String field) {
        Map<String, Long> before = api.counts();

        ApiResponse response = api.post("/forecasts", batch(2, 1, field, null));

        assertBadInput(response, "[1]." + field);
        assertEquals(before, api.counts());
    }

    @Test
    void forecastBatchWithOneBadConfidenceStoresNothing() {
        ApiResponse response = api.post("/forecasts", batch(1000, 999, "confidence", "2"));

        assertBadInput(response, "[999].confidence");
        assertEquals(0L, api.counts().get("forecasts"));
        assertEquals(0L, api.counts().get("events"));
    }

    @Test
    void missingRegimeTagIsUnknown() {
        ApiResponse response = api.post("/forecasts", batch(1, 0, "regime_tag", null));

        assertEquals(201, response.status(), response.json());
        assertEquals("unknown", ApiFixture.array(response).get(0).getAsJsonObject().get("regime_tag").getAsString());
    }

    @Test
    void emptyBatchIsRefused() {
        assertBadInput(api.post("/forecasts", "[]"), "body");
    }

    @Test
    void objectWhereTheBatchBelongsIsRefused() {
        assertBadInput(api.post("/forecasts", object(forecast(0))), "body");
    }

    @Test
    void itemThatIsNotAnObjectIsRefusedByIndex() {
        assertBadInput(api.post("/forecasts", "[" + object(forecast(0)) + ", 42]"), "[1]");
    }

    @Test
    void batchOfMoreThanTenThousandItemsIsRefused() {
        Map<String, Long> before = api.counts();

        ApiResponse response = api.post("/forecasts", batch(10_001, -1, null, null));

        assertBadInput(response, "body");
        assertEquals(before, api.counts());
    }

    @Test
    void batchOfExactlyTenThousandItemsIsStored() {
        ApiResponse response = api.post("/forecasts", batch(10_000, -1, null, null));

        assertEquals(201, response.status());
        assertEquals(10_000L, api.counts().get("forecasts"));
    }

    @Test
    void sameForecastTwiceReturnsTheSameStoredEvent() {
        ApiResponse first = api.post("/forecasts", batch(2, -1, null, null));
        Map<String, Long> afterFirst = api.counts();

        ApiResponse second = api.post("/forecasts", batch(2, -1, null, null));

        assertEquals(201, second.status(), second.json());
        assertEquals(ApiFixture.json(first), ApiFixture.json(second));
        assertEquals(afterFirst, api.counts());
    }

    @Test
    void sameForecastIdWithOtherContentIsAConflictAndTheOriginalStays() {
        api.post("/forecasts", batch(1, -1, null, null));
        Map<String, Long> before = api.counts();

        ApiResponse response = api.post("/forecasts", batch(1, 0, "confidence", "0.9"));

        ApiFixture.assertError(response, 409, "[0].forecast_id");
        assertEquals(before, api.counts());
        assertEquals(0.7, api.store.ledger().forecasts(null, 10).get(0).confidence());
    }

    @Test
    void conflictInTheMiddleOfABatchStoresNothingOfIt() {
        api.post("/forecasts", batch(3, -1, null, null));
        Map<String, Long> before = api.counts();
        // items 0 and 1 repeat stored ones, item 2 collides with the stored f-2, item 3 is new and must not be stored
        ApiResponse response = api.post("/forecasts", batch(4, 2, "action", "\"short\""));

        ApiFixture.assertError(response, 409, "[2].forecast_id");
        assertEquals(before, api.counts());
    }

    @Test
    void assetIsStoredUpperCase() {
        ApiResponse response = api.post("/forecasts", batch(1, 0, "asset", "\"eth\""));

        assertEquals("ETH", ApiFixture.array(response).get(0).getAsJsonObject().get("asset").getAsString());
    }

    @Test
    void unknownMembersAreIgnored() {
        ApiResponse response = api.post("/forecasts", batch(1, 0, "comment", "{\"nested\":[1,2,{\"x\":null}]}"));

        assertEquals(201, response.status(), response.json());
    }
}
