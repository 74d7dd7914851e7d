package learning.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.ledger.InputLedger;
import learning.api.store.LearningDatabase;

/** {@code /health/ready} follows the store bundle; {@code /health/live} does not. */
class ReadinessTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ServiceAware<LearningDatabase> database;

    @InjectService(cardinality = 0)
    ServiceAware<InputLedger> ledger;

    private EngineHttp http;

    @BeforeEach
    void engineIsUp() {
        http = EngineHttp.of(context);
        http.awaitReady();
    }

    @Test
    void readinessIs503WhileTheStoreBundleIsStoppedAnd200AgainOnceItIsStarted() throws Exception {
        Bundle store = database.getServiceReference().getBundle();
        assertEquals("learning.store", store.getSymbolicName());

        store.stop();
        try {
            assertEquals(Bundle.RESOLVED, store.getState());
            assertTrue(ledger.isEmpty(), "the store's services went with it");
            EngineHttp.Answer notReady = http.awaitStatus("health/ready", 503);
            JsonObject body = JsonParser.parseString(notReady.body()).getAsJsonObject();
            assertEquals("DOWN", body.get("status").getAsString());
            assertEquals("DOWN", body.get("database").getAsString());
            assertTrue(StreamSupport.stream(body.getAsJsonArray("not_ready").spliterator(), false)
                    .map(JsonElement::getAsJsonObject)
                    .anyMatch(n -> !n.get("bundle").isJsonNull() && "learning.store".equals(n.get("bundle").getAsString())),
                    "the answer names the stopped bundle: " + notReady.body());
            assertEquals(200, http.get("health/live", null).status(), "the process is alive all the same");
        } finally {
            store.start();
        }

        http.awaitReady();
        assertEquals(200, http.get("health/live", null).status());
        assertNotNull(ledger.waitForService(Await.TIMEOUT_MILLIS), "the ledger is back");
        assertEquals(200, http.get("api/v1/events?limit=1", http.operatorToken()).status(), "and so is the API");
    }
}
