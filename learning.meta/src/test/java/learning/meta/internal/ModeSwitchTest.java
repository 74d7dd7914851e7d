package learning.meta.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import learning.api.event.Event;
import learning.api.event.EventQuery;
import learning.api.event.EventTypes;
import learning.api.meta.MetaMode;

/** Every mode switch is audited with who, when, from and to; non-switches record nothing. */
class ModeSwitchTest {
    private final MetaFixture fx = new MetaFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private List<JsonObject> switches() {
        List<Event> events = fx.store.events().query(new EventQuery(EventTypes.META_MODE, null, 100));
        List<JsonObject> out = new java.util.ArrayList<>();
        for (Event e : events) {
            out.add(0, JsonParser.parseString(e.payload()).getAsJsonObject());
        }
        return out;
    }

    @Test
    void aSwitchFromTheApiIsAuditedWithItsActor() {
        MetaProducerComponent meta = fx.producer(Map.of());
        assertEquals(MetaMode.SHADOW, meta.mode());
        assertEquals(MetaMode.LIVE, meta.switchMode(MetaMode.LIVE, "operator:abc"));
        assertEquals(MetaMode.LIVE, meta.mode());
        List<JsonObject> s = switches();
        assertEquals(1, s.size());
        assertEquals("shadow", s.get(0).get("from").getAsString());
        assertEquals("live", s.get(0).get("to").getAsString());
        assertEquals("operator:abc", s.get(0).get("actor").getAsString());
        assertTrue(s.get(0).has("ts"));

        meta.switchMode(MetaMode.LIVE, "operator:abc");
        meta.modified(MetaFixture.config(Map.of("mode", "live")));
        assertEquals(1, switches().size(), "switching to the mode in force records nothing");
    }

    @Test
    void aConfigurationChangeIsAuditedAsConfiguration() {
        MetaProducerComponent meta = fx.producer(Map.of());
        meta.modified(MetaFixture.config(Map.of("mode", "live")));
        meta.modified(MetaFixture.config(Map.of("mode", "shadow")));
        List<JsonObject> s = switches();
        assertEquals(2, s.size());
        assertEquals("configuration", s.get(0).get("actor").getAsString());
        assertEquals("live", s.get(0).get("to").getAsString());
        assertEquals("shadow", s.get(1).get("to").getAsString());
    }

    @Test
    void aBadModeInTheConfigurationIsRefusedAndTheModeStays() {
        MetaProducerComponent meta = fx.producer(Map.of("mode", "live"));
        meta.modified(MetaFixture.config(Map.of("mode", "loud")));
        assertEquals(MetaMode.LIVE, meta.mode());
        meta.modified(MetaFixture.config(Map.of("mode", "shadow", "min.win.rate", 2.0)));
        assertEquals(MetaMode.LIVE, meta.mode(), "a configuration that breaks a rule is refused as a whole");
    }

    @Test
    void aModeChangedWhileTheEngineWasDownIsAuditedAtActivation() {
        fx.producer(Map.of());
        fx.producer(Map.of("mode", "live"));
        List<JsonObject> s = switches();
        assertEquals(1, s.size());
        assertEquals("configuration", s.get(0).get("actor").getAsString());
        assertEquals("live", s.get(0).get("to").getAsString());
    }
}
