package learning.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import learning.api.event.Event;
import learning.api.event.EventLog;
import learning.api.event.EventQuery;
import learning.api.event.EventTypes;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.InputLedger;
import learning.api.meta.AbstentionReason;
import learning.api.meta.MetaForecast;
import learning.api.meta.MetaMode;
import learning.api.meta.MetaProducer;

/**
 * The meta-producer's mode is a live setting: switched to live and back through REST and through
 * a file in deploy/, the next call behaves accordingly, with the same component instance (no
 * re-activation, no framework restart), and every switch is in the event log.
 */
class MetaModeSwitchTest {
    private static final Instant NOW = Instant.parse("2032-05-04T12:00:00Z");
    private static final String ASSET = "MODESWITCH";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Await.TIMEOUT_MILLIS, filter = "(learning.implementation=default)")
    ServiceAware<MetaProducer> meta;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    EventLog events;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    InputLedger ledger;

    @Test
    void switchingThroughRestAndADeployFileChangesTheNextCallWithoutReactivation() throws Exception {
        EngineHttp http = EngineHttp.of(context);
        http.awaitReady();
        MetaSeed.activation(events, 500, NOW.minusSeconds(7200));
        MetaSeed.winningEpisodes(events, ASSET, NOW, 15, "itest-a", "itest-b");
        MetaSeed.stateAllLong(ledger, ASSET, NOW, "itest-a", "itest-b");

        MetaProducer producer = meta.getService();
        Object serviceId = meta.getServiceReference().getProperty(Constants.SERVICE_ID);
        long switchesBefore = events.count(EventTypes.META_MODE);
        String token = http.operatorToken();
        assertEquals(MetaMode.SHADOW, producer.mode(), "shadow is the default");
        assertShadow(producer.produce(ASSET, "24h", NOW));

        EngineHttp.Answer live = http.put("api/v1/meta/mode", token, "{\"mode\":\"live\"}");
        assertEquals(200, live.status(), live.body());
        assertLive(producer.produce(ASSET, "24h", NOW.plusSeconds(1)));

        assertEquals(200, http.put("api/v1/meta/mode", token, "{\"mode\":\"shadow\"}").status());
        assertShadow(producer.produce(ASSET, "24h", NOW.plusSeconds(2)));

        Path file = http.home().resolve("deploy").resolve("learning.meta.cfg");
        switchByFile(file, "live", producer, MetaMode.LIVE);
        assertLive(producer.produce(ASSET, "24h", NOW.plusSeconds(3)));

        switchByFile(file, "shadow", producer, MetaMode.SHADOW);
        assertShadow(producer.produce(ASSET, "24h", NOW.plusSeconds(4)));

        assertSame(producer, meta.getService(), "the same component instance served every call");
        assertEquals(serviceId, meta.getServiceReference().getProperty(Constants.SERVICE_ID),
                "the meta-producer was never re-registered");

        List<JsonObject> switches = new ArrayList<>();
        for (Event e : events.query(new EventQuery(EventTypes.META_MODE, null, 100))) {
            switches.add(0, JsonParser.parseString(e.payload()).getAsJsonObject());
        }
        assertEquals(switchesBefore + 4, events.count(EventTypes.META_MODE), switches.toString());
        List<JsonObject> mine = switches.subList(switches.size() - 4, switches.size());
        assertEquals(List.of("live", "shadow", "live", "shadow"), mine.stream().map(o -> o.get("to").getAsString()).toList());
        assertNotEquals("configuration", mine.get(0).get("actor").getAsString(), "REST names the token's principal");
        assertFalse(mine.get(0).get("actor").getAsString().isBlank());
        assertEquals("configuration", mine.get(2).get("actor").getAsString());
        assertEquals("configuration", mine.get(3).get("actor").getAsString());
        for (JsonObject s : mine) {
            Instant.parse(s.get("ts").getAsString());
        }
    }

    private static void assertShadow(MetaForecast f) {
        assertEquals(ForecastAction.NO_FORECAST, f.action(), f.toString());
        assertEquals(AbstentionReason.SHADOW_MODE, f.abstentionReason(), f.toString());
    }

    private static void assertLive(MetaForecast f) {
        assertEquals(ForecastAction.LONG, f.action(), f.toString());
        assertEquals(1.0, f.confidence());
        assertEquals("itest-a=long,itest-b=long", f.pattern());
    }

    /**
     * Drops {@code mode=<mode>} into the file and waits for the mode. File Install writes a
     * configuration it created back to its file when the configuration changes; if it handles the
     * previous change after this write, it puts the previous mode back into the file. Like an
     * operator who finds the edit undone, the wait writes the file again then.
     */
    private static void switchByFile(Path file, String mode, MetaProducer producer, MetaMode expected) {
        String content = "mode=" + mode + "\n";
        long[] lastDrop = {0};
        Await.until("the deploy/ file switching the mode to " + mode, () -> {
            try {
                boolean written = Files.exists(file) && java.util.regex.Pattern.compile("mode\\s*[=:]\\s*\"?" + mode
                        + "\\b").matcher(Files.readString(file, StandardCharsets.ISO_8859_1)).find();
                // Also write again when the file says the mode but nothing happened for a while: File
                // Install may have recorded the file's state just before the write and missed it.
                if (!written || System.nanoTime() - lastDrop[0] > 5_000_000_000L) {
                    drop(file, content);
                    lastDrop[0] = System.nanoTime();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return producer.mode();
        }, m -> m == expected);
    }

    /** Writes next to deploy/ and moves in, so File Install never reads a half-written file. */
    private static void drop(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path staged = file.getParent().resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(staged, content, StandardCharsets.ISO_8859_1);
        Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
