package learning.console.internal.ingest;

import static learning.console.internal.ApiFixture.assertBadInput;
import static learning.console.internal.ApiFixture.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import learning.api.ledger.ProducerHealth;
import learning.console.internal.ApiFixture;
import learning.console.internal.api.ApiResponse;

class ProducerHealthIngestTest {
    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void healthReportReplacesThePreviousOne() {
        api.post("/producers/whale-watch/health", "{\"last_success_at\":\"2026-01-05T10:00:00Z\",\"consecutive_failures\":0}");

        ApiResponse response = api.post("/producers/whale-watch/health",
                "{\"last_success_at\":\"2026-01-05T10:00:00Z\",\"consecutive_failures\":3}");

        assertEquals(200, response.status(), response.json());
        assertEquals("whale-watch", object(response).get("name").getAsString());
        assertEquals(3, object(response).get("consecutive_failures").getAsInt());
        ProducerHealth stored = api.store.ledger().producerHealth().get(0);
        assertEquals(3, stored.consecutiveFailures());
        assertEquals(1, api.store.ledger().producerHealth().size());
    }

    @Test
    void producerThatNeverSucceededHasNoLastSuccess() {
        ApiResponse response = api.post("/producers/new-one/health", "{\"consecutive_failures\":2}");

        assertEquals(200, response.status(), response.json());
        assertTrue(object(response).get("last_success_at").isJsonNull());
    }

    @Test
    void badFailureCountsAreRefused() {
        assertBadInput(api.post("/producers/p/health", "{\"consecutive_failures\":-1}"), "consecutive_failures");
        assertBadInput(api.post("/producers/p/health", "{\"consecutive_failures\":1.5}"), "consecutive_failures");
        assertBadInput(api.post("/producers/p/health", "{\"consecutive_failures\":\"3\"}"), "consecutive_failures");
        assertBadInput(api.post("/producers/p/health", "{\"consecutive_failures\":1e12}"), "consecutive_failures");
        assertBadInput(api.post("/producers/p/health", "{}"), "consecutive_failures");
        assertBadInput(api.post("/producers/p/health",
                "{\"last_success_at\":\"last tuesday\",\"consecutive_failures\":0}"), "last_success_at");
        assertEquals(0L, api.counts().get("producer_health"));
    }
}
