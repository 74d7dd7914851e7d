package learning.console.internal.read;

import static learning.console.internal.ApiFixture.assertBadInput;
import static learning.console.internal.ApiFixture.assertError;
import static learning.console.internal.ApiFixture.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import learning.api.event.Event;
import learning.api.event.EventQuery;
import learning.api.event.EventTypes;
import learning.console.internal.ApiFixture;
import learning.console.internal.api.ApiResponse;
import learning.meta.internal.MetaProducerComponent;

/** The meta endpoints against the real default meta-producer on a real in-memory store. */
class MetaEndpointTest {
    private ApiFixture api;

    @BeforeEach
    void open() {
        api = new ApiFixture();
        api.meta = new MetaProducerComponent(api.store.database(), api.store.events(), api.store.ledger(), "1.0.0",
                Converters.standardConverter().convert(new HashMap<String, Object>()).to(MetaProducerComponent.Config.class));
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void statusAnswersModeImplementationActivationAndTrackRecord() {
        JsonObject body = object(api.get("/meta", null));
        assertEquals("shadow", body.get("mode").getAsString());
        assertEquals("default", body.get("implementation").getAsString());
        assertEquals(0, body.getAsJsonObject("activation").get("resolved").getAsLong());
        assertEquals(500, body.getAsJsonObject("activation").get("required").getAsLong());
        JsonObject record = body.getAsJsonObject("shadow_record");
        assertEquals(0, record.get("resolved").getAsLong());
        assertTrue(record.get("win_rate").isJsonNull());
        assertEquals(0, record.getAsJsonObject("ensemble").get("resolved").getAsLong());
    }

    @Test
    void anOperatorSwitchesTheModeAndTheSwitchNamesTheToken() {
        ApiResponse live = api.send("PUT", "/meta/mode", null, ApiFixture.OPERATOR, "{\"mode\":\"live\"}");
        assertEquals(200, live.status(), live.json());
        assertEquals("live", object(live).get("mode").getAsString());
        assertEquals("live", object(api.get("/meta", null)).get("mode").getAsString());
        List<Event> switches = api.store.events().query(new EventQuery(EventTypes.META_MODE, null, 10));
        assertEquals(1, switches.size());
        JsonObject payload = JsonParser.parseString(switches.get(0).payload()).getAsJsonObject();
        assertEquals("shadow", payload.get("from").getAsString());
        assertEquals("live", payload.get("to").getAsString());
        assertTrue(payload.get("actor").getAsString().length() > 0, payload.toString());
    }

    @Test
    void aViewerMayNotSwitchTheMode() {
        assertError(api.send("PUT", "/meta/mode", null, ApiFixture.VIEWER, "{\"mode\":\"live\"}"), 403, null);
        assertEquals("shadow", object(api.get("/meta", null)).get("mode").getAsString());
    }

    @Test
    void anythingButShadowOrLiveIsRefusedNamingMode() {
        assertBadInput(api.send("PUT", "/meta/mode", null, ApiFixture.OPERATOR, "{\"mode\":\"loud\"}"), "mode");
        assertBadInput(api.send("PUT", "/meta/mode", null, ApiFixture.OPERATOR, "{\"mode\":3}"), "mode");
        assertBadInput(api.send("PUT", "/meta/mode", null, ApiFixture.OPERATOR, "{}"), "mode");
        assertEquals(0, api.store.events().count(EventTypes.META_MODE));
    }

    @Test
    void produceAnswersTheCallInSnakeCase() {
        ApiResponse r = api.send("POST", "/meta/produce", "asset=btc&horizon=24h&as_of=2026-03-02T12:00:00Z",
                ApiFixture.OPERATOR, null);
        assertEquals(200, r.status(), r.json());
        JsonObject f = object(r);
        assertEquals("BTC", f.get("asset").getAsString());
        assertEquals("24h", f.get("horizon").getAsString());
        assertEquals("no_forecast", f.get("action").getAsString());
        assertEquals("insufficient_data", f.get("abstention_reason").getAsString());
        assertEquals("2026-03-02T12:00:00Z", f.get("as_of").getAsString());
        for (String field : List.of("forecast_id", "confidence", "source", "pattern", "episodes", "win_rate")) {
            assertTrue(f.has(field), field);
        }
    }

    @Test
    void produceRefusesBadParametersNamingThem() {
        assertBadInput(api.send("POST", "/meta/produce", "asset=BTC&horizon=soon", ApiFixture.OPERATOR, null), "horizon");
        assertBadInput(api.send("POST", "/meta/produce", "horizon=24h", ApiFixture.OPERATOR, null), "asset");
        assertBadInput(api.send("POST", "/meta/produce", "asset=BTC%20USD&horizon=24h", ApiFixture.OPERATOR, null),
                "asset");
        assertBadInput(api.send("POST", "/meta/produce", "asset=BTC&horizon=24h&as_of=yesterday", ApiFixture.OPERATOR,
                null), "as_of");
    }

    @Test
    void withoutAMetaProducerTheEndpointsAnswer503() {
        api.meta = null;
        assertError(api.get("/meta", null), 503, null);
    }
}
