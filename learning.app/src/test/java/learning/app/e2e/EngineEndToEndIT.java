package learning.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The exported engine, started as a process the way an operator starts it, and used over HTTP.
 * Every test starts its own engine on a fresh home folder and a free port.
 */
class EngineEndToEndIT {
    private static final Duration READY_BUDGET = Duration.ofSeconds(15);
    private static final Duration DEPLOY_BUDGET = Duration.ofSeconds(15);
    private static final Duration STOP_BUDGET = Duration.ofSeconds(10);
    private static final Path TESTBUNDLE_JAR = Paths.get(System.getProperty("testbundle.jar",
            "../learning.testbundle/target/learning.testbundle-1.0.0-SNAPSHOT.jar"));

    @Test
    void answersReadyWithin15SecondsAndServesTheApiFromThen(TestInfo test) throws Exception {
        try (EngineProcess engine = EngineProcess.start(home(test), name(test))) {
            EngineProcess.Startup startup = engine.awaitReady();
            System.out.printf("engine ready %d ms, /api/v1 served %d ms after process start%n",
                    startup.ready().toMillis(), startup.apiServing().toMillis());

            assertTrue(startup.ready().compareTo(READY_BUDGET) <= 0, "ready after " + startup.ready().toMillis()
                    + " ms, budget " + READY_BUDGET.toMillis() + " ms");
            assertTrue(startup.apiServingWhenReady(), "/health/ready answered 200 while /api/v1 still answered "
                    + "404: a client that trusts readiness gets errors (ready at " + startup.ready().toMillis()
                    + " ms, API at " + startup.apiServing().toMillis() + " ms)");
            assertEquals(200, engine.get("/health/live").statusCode(), "/health/live");
        }
    }

    @Test
    void componentsListTheLearningBundlesAsActive(TestInfo test) throws Exception {
        try (EngineProcess engine = EngineProcess.start(home(test), name(test))) {
            engine.awaitReady();

            HttpResponse<String> components = engine.get("/api/v1/components", engine.operatorToken());

            assertEquals(200, components.statusCode(), components.body());
            Map<String, String> states = bundleStates(components.body());
            assertEquals("ACTIVE", states.get("learning.store"), "learning.store in " + states);
            assertEquals("ACTIVE", states.get("learning.console"), "learning.console in " + states);
            assertFalse(states.containsKey("learning.testbundle"), "the test bundle is not part of the image");
        }
    }

    @Test
    void refusesRequestsWithoutTheTokenAndAcceptsTheOperatorTokenFromItsPrivateFile(TestInfo test)
            throws Exception {
        try (EngineProcess engine = EngineProcess.start(home(test), name(test))) {
            engine.awaitReady();

            assertEquals(401, engine.get("/api/v1/events").statusCode(), "no token");
            assertEquals(401, engine.get("/api/v1/events", "not-the-token").statusCode(), "a wrong token");
            assertEquals(401, engine.post("/api/v1/forecasts", "[]", null).statusCode(), "a write without token");
            HttpResponse<String> withToken = engine.get("/api/v1/events", engine.operatorToken());
            assertEquals(200, withToken.statusCode(), withToken.body());
            assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(engine.tokenFile()), "permissions of " + engine.tokenFile());
        }
    }

    @Test
    void keepsEveryAcknowledgedWriteAcrossASigkill(TestInfo test) throws Exception {
        Path home = home(test);
        String token;
        Map<String, Integer> countsBefore;
        Set<String> eventIdsBefore;
        List<String> writtenIds = List.of("pos-e2e-1", "pos-e2e-2", "conv-e2e-1", "fc-e2e-1", "fc-e2e-2", "fc-e2e-3");
        try (EngineProcess engine = EngineProcess.start(home, name(test) + "-1")) {
            engine.awaitReady();
            token = engine.operatorToken();

            acknowledged(engine.post("/api/v1/convictions", """
                    {"id": "conv-e2e-1", "cycle_id": "cycle-e2e-1", "symbol": "BTC", "score": 0.72,
                     "ts": "2026-01-05T09:55:00Z",
                     "domain_scores": {"curator": 0.6, "onchain": 0.8, "tradfi": 0.1,
                                       "social": 0.4, "technical": 0.7, "events": 0.2}}
                    """, token));
            acknowledged(engine.post("/api/v1/positions", """
                    {"id": "pos-e2e-1", "symbol": "BTC", "direction": "long", "opened_at": "2026-01-05T10:00:00Z",
                     "conviction_id": "conv-e2e-1", "regime_at_entry": "bull", "entry_price": 42000.5,
                     "size_usd": 1000}
                    """, token));
            acknowledged(engine.post("/api/v1/positions", """
                    {"id": "pos-e2e-2", "symbol": "ETH", "direction": "short", "opened_at": "2026-01-05T11:00:00Z",
                     "entry_price": 2200.25, "size_usd": 500}
                    """, token));
            acknowledged(engine.post("/api/v1/forecasts", """
                    [{"forecast_id": "fc-e2e-1", "asset": "BTC", "horizon": "4h", "action": "long",
                      "confidence": 0.7, "source": "producer-a", "regime_tag": "bull", "ts": "2026-01-05T10:00:00Z"},
                     {"forecast_id": "fc-e2e-2", "asset": "BTC", "horizon": "24h", "action": "short",
                      "confidence": 0.55, "source": "producer-b", "regime_tag": "bull", "ts": "2026-01-05T10:00:00Z"},
                     {"forecast_id": "fc-e2e-3", "asset": "ETH", "horizon": "1w", "action": "flat",
                      "confidence": 0.4, "source": "producer-a", "ts": "2026-01-05T10:05:00Z"}]
                    """, token));
            acknowledged(engine.post("/api/v1/prices", """
                    {"asset": "BTC", "interval": "1h", "bars": [
                      {"open_time": "2026-01-05T09:00:00Z", "close_time": "2026-01-05T10:00:00Z",
                       "open": 41900, "high": 42100, "low": 41800, "close": 42000, "volume": 12.5},
                      {"open_time": "2026-01-05T10:00:00Z", "close_time": "2026-01-05T11:00:00Z",
                       "open": 42000, "high": 42500, "low": 41950, "close": 42400, "volume": 9.75}]}
                    """, token));

            String events = events(engine, token);
            countsBefore = countsByType(events);
            eventIdsBefore = eventIds(events);
            for (String id : writtenIds) {
                assertTrue(events.contains('"' + id) || events.contains("\\\"" + id),
                        id + " is in the event log before the kill");
            }

            engine.kill();
        }

        try (EngineProcess engine = EngineProcess.start(home, name(test) + "-2")) {
            engine.awaitReady();

            assertEquals(token, engine.operatorToken(), "the operator token is kept, not regenerated");
            String events = events(engine, token);
            Map<String, Integer> countsAfter = countsByType(events);
            countsBefore.forEach((type, before) -> assertTrue(countsAfter.getOrDefault(type, 0) >= before,
                    type + ": " + before + " before the kill, " + countsAfter.get(type) + " after"));
            assertTrue(eventIds(events).containsAll(eventIdsBefore), "every event id from before the kill");
            for (String id : writtenIds) {
                assertTrue(events.contains('"' + id) || events.contains("\\\"" + id),
                        id + " is in the event log after the kill");
            }
        }
    }

    @Test
    void startsABundleDroppedIntoDeployWithoutARestart(TestInfo test) throws Exception {
        assertTrue(Files.isRegularFile(TESTBUNDLE_JAR), "no test bundle at " + TESTBUNDLE_JAR.toAbsolutePath());
        try (EngineProcess engine = EngineProcess.start(home(test), name(test))) {
            engine.awaitReady();
            String token = engine.operatorToken();
            long pid = engine.pid();

            // Copy next to deploy/ and move in, so File Install never sees a half-written jar.
            Path staged = engine.home().resolve("learning.testbundle.jar.part");
            Files.copy(TESTBUNDLE_JAR, staged);
            Files.move(staged, engine.home().resolve("deploy").resolve("learning.testbundle.jar"),
                    StandardCopyOption.ATOMIC_MOVE);

            long deadline = System.nanoTime() + DEPLOY_BUDGET.toNanos();
            String components = null;
            boolean active = false;
            boolean listedAsPriceSource = false;
            while (System.nanoTime() < deadline && !(active && listedAsPriceSource)) {
                Thread.sleep(250);
                HttpResponse<String> answer = engine.get("/api/v1/components", token);
                assertEquals(200, answer.statusCode(), answer.body());
                components = answer.body();
                active = "ACTIVE".equals(bundleStates(components).get("learning.testbundle"));
                listedAsPriceSource = providesRole(components, "PriceSource", "testbundle", "learning.testbundle");
            }

            assertTrue(active, "learning.testbundle ACTIVE within " + DEPLOY_BUDGET.toSeconds() + " s: "
                    + components + "\n" + engine.logTail());
            assertTrue(listedAsPriceSource, "a PriceSource with implementation testbundle: " + components);
            assertTrue(engine.isAlive(), "the engine kept running");
            assertEquals(pid, engine.pid(), "same process, no restart");
        }
    }

    @Test
    void stopsCleanlyOnSigterm(TestInfo test) throws Exception {
        try (EngineProcess engine = EngineProcess.start(home(test), name(test))) {
            engine.awaitReady();
            acknowledged(engine.post("/api/v1/forecasts", """
                    [{"forecast_id": "fc-stop-1", "asset": "BTC", "horizon": "4h", "action": "long",
                      "confidence": 0.6, "source": "producer-a", "ts": "2026-01-05T10:00:00Z"}]
                    """, engine.operatorToken()));

            int exit = engine.stop(STOP_BUDGET);

            // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal.
            assertTrue(exit == 0 || exit == 143, "exit code " + exit + "\n" + engine.logTail());
            String log = engine.logText();
            assertTrue(log.contains("OSGi framework stopped"), "the log shows the framework stopping\n"
                    + engine.logTail());
            assertFalse(log.contains("ERROR"), "no ERROR in the log\n" + engine.logTail());
            assertFalse(Pattern.compile("(?m)^\\s+at [\\w.$]+\\(").matcher(log).find(),
                    "no stack trace in the log\n" + engine.logTail());
        }
    }

    @Test
    void refusesAForecastWithConfidenceAboveOneNamingTheFieldAndStoresNothing(TestInfo test) throws Exception {
        try (EngineProcess engine = EngineProcess.start(home(test), name(test))) {
            engine.awaitReady();
            String token = engine.operatorToken();

            HttpResponse<String> refused = engine.post("/api/v1/forecasts", """
                    [{"forecast_id": "fc-good-1", "asset": "BTC", "horizon": "4h", "action": "long",
                      "confidence": 0.6, "source": "producer-a", "ts": "2026-01-05T10:00:00Z"},
                     {"forecast_id": "fc-bad-1", "asset": "BTC", "horizon": "4h", "action": "long",
                      "confidence": 1.5, "source": "producer-a", "ts": "2026-01-05T10:00:00Z"}]
                    """, token);

            assertEquals(400, refused.statusCode(), refused.body());
            JsonObject error = JsonParser.parseString(refused.body()).getAsJsonObject();
            assertTrue(error.has("field") && error.get("field").getAsString().contains("confidence"),
                    "the answer names the field: " + refused.body());
            assertTrue(error.has("error") && !error.get("error").getAsString().isBlank(),
                    "the answer says what is wrong: " + refused.body());
            HttpResponse<String> stored = engine.get("/api/v1/events?type=forecast.v1&limit=1000", token);
            assertEquals(200, stored.statusCode(), stored.body());
            assertEquals(0, JsonParser.parseString(stored.body()).getAsJsonArray().size(),
                    "neither forecast of the refused batch is stored: " + stored.body());
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static Path home(TestInfo test) throws Exception {
        return EngineProcess.newHome(name(test));
    }

    private static String name(TestInfo test) {
        return test.getTestMethod().orElseThrow().getName();
    }

    private static void acknowledged(HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (status != 200 && status != 201) {
            fail("not acknowledged: " + answer.request().method() + " " + answer.uri() + " -> " + status + " "
                    + answer.body());
        }
    }

    private static String events(EngineProcess engine, String token) throws Exception {
        HttpResponse<String> answer = engine.get("/api/v1/events?limit=10000", token);
        assertEquals(200, answer.statusCode(), answer.body());
        return answer.body();
    }

    private static Map<String, Integer> countsByType(String eventsJson) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonElement e : JsonParser.parseString(eventsJson).getAsJsonArray()) {
            counts.merge(e.getAsJsonObject().get("type").getAsString(), 1, Integer::sum);
        }
        return counts;
    }

    private static Set<String> eventIds(String eventsJson) {
        Set<String> ids = new TreeSet<>();
        for (JsonElement e : JsonParser.parseString(eventsJson).getAsJsonArray()) {
            ids.add(e.getAsJsonObject().get("id").getAsString());
        }
        return ids;
    }

    /** {@code symbolic_name -> state} of {@code "bundles"} in a {@code /api/v1/components} answer. */
    private static Map<String, String> bundleStates(String componentsJson) {
        Map<String, String> states = new TreeMap<>();
        JsonArray bundles = JsonParser.parseString(componentsJson).getAsJsonObject().getAsJsonArray("bundles");
        for (JsonElement b : bundles) {
            JsonObject bundle = b.getAsJsonObject();
            states.put(bundle.get("symbolic_name").getAsString(), bundle.get("state").getAsString());
        }
        return states;
    }

    /**
     * True when {@code "roles"} of a {@code /api/v1/components} answer
     * ({@code [{"role", "providers": [{"implementation", "bundle", ...}]}]}) lists a provider of
     * {@code role} with that implementation from that bundle.
     */
    private static boolean providesRole(String componentsJson, String role, String implementation, String bundle) {
        JsonArray roles = JsonParser.parseString(componentsJson).getAsJsonObject().getAsJsonArray("roles");
        for (JsonElement r : roles) {
            JsonObject entry = r.getAsJsonObject();
            if (!role.equals(entry.get("role").getAsString())) {
                continue;
            }
            for (JsonElement p : entry.getAsJsonArray("providers")) {
                JsonObject provider = p.getAsJsonObject();
                if (implementation.equals(text(provider.get("implementation")))
                        && bundle.equals(text(provider.get("bundle")))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String text(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
