package learning.console.internal.read;

import static learning.console.internal.ApiFixture.array;
import static learning.console.internal.ApiFixture.assertBadInput;
import static learning.console.internal.ApiFixture.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import learning.console.internal.ApiFixture;
import learning.console.internal.api.ApiResponse;

class EventsEndpointTest {
    private final ApiFixture api = new ApiFixture();

    @BeforeEach
    void ingest() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"forecast_id\":\"f-").append(i)
                    .append("\",\"asset\":\"BTC\",\"horizon\":\"4h\",\"action\":\"long\",\"confidence\":0.6,")
                    .append("\"source\":\"momentum\",\"ts\":\"2026-01-0").append(i + 1).append("T10:00:00Z\"}");
        }
        assertEquals(201, api.post("/forecasts", batch.append(']').toString()).status());
        assertEquals(200, api.post("/producers/momentum/health", "{\"consecutive_failures\":0}").status());
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void eventsAreListedNewestFirstWithThePayloadAsAnObject() {
        ApiResponse response = api.get("/events", null);

        assertEquals(200, response.status(), response.json());
        JsonArray events = array(response);
        assertEquals(6, events.size());
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < events.size(); i++) {
            JsonObject e = events.get(i).getAsJsonObject();
            assertTrue(e.get("sequence").getAsLong() < previous);
            previous = e.get("sequence").getAsLong();
            assertTrue(e.get("payload").isJsonObject(), e.toString());
            assertEquals(64, e.get("hash").getAsString().length());
            assertTrue(e.has("prev_hash") && e.has("dedupe_key") && e.has("source") && e.has("ts") && e.has("id"));
        }
        JsonObject forecast = events.get(1).getAsJsonObject();
        assertEquals("forecast.v1", forecast.get("type").getAsString());
        assertEquals("f-4", forecast.getAsJsonObject("payload").get("forecast_id").getAsString());
    }

    @Test
    void eventsCanBeFilteredByTypeSinceAndLimit() {
        assertEquals(5, array(api.get("/events", "type=forecast.v1")).size());
        assertEquals(2, array(api.get("/events", "type=forecast.v1&since=2026-01-04T00:00:00Z")).size());
        assertEquals(3, array(api.get("/events", "limit=3")).size());
        assertEquals(0, array(api.get("/events", "type=no.such.type")).size());
    }

    @Test
    void badLimitIsRefusedNamingLimit() {
        assertBadInput(api.get("/events", "limit=0"), "limit");
        assertBadInput(api.get("/events", "limit=10001"), "limit");
        assertBadInput(api.get("/events", "limit=ten"), "limit");
        assertBadInput(api.get("/events", "limit=-5"), "limit");
        assertEquals(200, api.get("/events", "limit=10000").status());
    }

    @Test
    void badSinceIsRefusedNamingSince() {
        assertBadInput(api.get("/events", "since=yesterday"), "since");
    }

    @Test
    void brokenQueryEncodingIsBadInput() {
        assertBadInput(api.get("/events", "type=%zz"), "query");
    }

    @Test
    void verifyReportsAnIntactChain() {
        JsonObject v = object(api.get("/events/verify", null));

        assertTrue(v.get("valid").getAsBoolean());
        assertEquals(6, v.get("events_checked").getAsLong());
        assertTrue(v.get("first_bad_sequence").isJsonNull());
        assertTrue(v.get("problem").isJsonNull());
    }

    @Test
    void verifyReportsTheFirstAlteredEvent() {
        api.store.database().inTransaction(c -> {
            try (var s = c.createStatement()) {
                return s.executeUpdate("UPDATE events SET payload = REPLACE(payload, '0.6', '0.9') WHERE seq = 3");
            }
        });

        JsonObject v = object(api.get("/events/verify", null));

        assertFalse(v.get("valid").getAsBoolean());
        assertEquals(3, v.get("first_bad_sequence").getAsLong());
        assertFalse(v.get("first_bad_event_id").isJsonNull());
    }
}
