package learning.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.event.EventLog;
import learning.api.event.EventTypes;

/** The REST API of learning.console, served by Felix HTTP (Jetty 12) inside the framework. */
class RestApiTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ServiceAware<EventLog> events;

    private EngineHttp http;

    @BeforeEach
    void engineIsUp() {
        http = EngineHttp.of(context);
    }

    @Test
    void readinessAnswers200OnceStoreComponentsAndApiAreUp() {
        EngineHttp.Answer ready = http.awaitStatus("health/ready", 200);
        JsonObject body = JsonParser.parseString(ready.body()).getAsJsonObject();
        assertEquals("UP", body.get("status").getAsString());
        assertEquals("UP", body.get("database").getAsString());
        assertTrue(body.get("components_checked").getAsInt() > 0, ready.body());
        assertEquals(0, body.getAsJsonArray("not_ready").size(), ready.body());
        assertEquals(200, http.get("health/live", null).status());
    }

    @Test
    void forecastsPostedWithTheOperatorTokenAreStoredAndWithoutATokenRefused() {
        http.awaitReady();
        String id = "fc-rest-" + UUID.randomUUID();
        String batch = "[{\"forecast_id\":\"" + id + "\",\"asset\":\"BTC\",\"horizon\":\"4h\",\"action\":\"long\","
                + "\"confidence\":0.7,\"source\":\"momentum@1.2\",\"regime_tag\":\"BULL\",\"ts\":\"2026-01-05T10:00:00Z\"}]";

        EngineHttp.Answer anonymous = http.post("api/v1/forecasts", null, batch);
        assertEquals(401, anonymous.status(), anonymous.toString());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        EngineHttp.Answer wrongToken = http.post("api/v1/forecasts", "not-the-token", batch);
        assertEquals(401, wrongToken.status(), wrongToken.toString());
        assertTrue(events.getService().byDedupeKey("forecast.v1:" + id).isEmpty(), "a refused request stores nothing");

        EngineHttp.Answer created = http.post("api/v1/forecasts", http.operatorToken(), batch);
        assertEquals(201, created.status(), created.toString());
        JsonArray stored = JsonParser.parseString(created.body()).getAsJsonArray();
        assertEquals(1, stored.size());
        JsonObject forecast = stored.get(0).getAsJsonObject();
        assertEquals(id, forecast.get("forecast_id").getAsString());
        String eventId = forecast.get("event_id").getAsString();
        assertEquals(EventTypes.FORECAST, events.getService().byId(eventId).orElseThrow().type(),
                "the forecast posted over HTTP is in the event log of the store service");
    }

    @Test
    void operatorTokenFileIsReadableByItsOwnerOnly() throws Exception {
        http.awaitReady();
        assertTrue(Files.isRegularFile(http.operatorTokenFile()), http.operatorTokenFile() + " exists");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(http.operatorTokenFile()));
        String token = http.operatorToken();
        assertNotNull(token);
        assertFalse(token.isBlank());
        assertEquals(200, http.get("api/v1/events?limit=1", token).status(), "the token in the file is accepted");
    }
}
