package learning.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The README's first command: the exported engine started on a fresh home with
 * {@code -Dlearning.replay=true}. Within a minute of start an operator sees learned weights off the
 * preset, a karma leaderboard and resolved outcomes; a home holding real data is never replayed into.
 */
class ReplayEndToEndIT {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Test
    void aReplayOnAFreshHomeShowsLearnedWeightsKarmaAndOutcomesWithinAMinute() throws Exception {
        String name = "replayFreshHome";
        try (EngineProcess engine = EngineProcess.start(EngineProcess.newHome(name), name,
                List.of("-Dlearning.replay=true"))) {
            long started = System.nanoTime();
            engine.awaitReady();
            String token = engine.operatorToken();
            JsonObject weights = null;
            JsonArray karma = null;
            JsonArray outcomes = null;
            String last = null;
            while (System.nanoTime() - started < WITHIN.toNanos()) {
                // A component the replay is driving may answer 503 for a moment: poll until 200s.
                HttpResponse<String> w = engine.get("/api/v1/weights", token);
                HttpResponse<String> k = engine.get("/api/v1/karma", token);
                HttpResponse<String> o = engine.get("/api/v1/outcomes?limit=5", token);
                last = w.statusCode() + " " + w.body() + "\n" + k.statusCode() + " " + o.statusCode();
                if (w.statusCode() != 200 || k.statusCode() != 200 || o.statusCode() != 200) {
                    System.out.println("replay e2e: not yet 200: " + last); // in the Failsafe report
                } else {
                    weights = JsonParser.parseString(w.body()).getAsJsonObject();
                    karma = JsonParser.parseString(k.body()).getAsJsonArray();
                    outcomes = JsonParser.parseString(o.body()).getAsJsonArray();
                    if (weights.has("source") && "learned".equals(weights.get("source").getAsString())
                            && !weights.get("weights").equals(weights.get("preset_weights")) && karma.size() > 0
                            && outcomes.size() > 0) {
                        break;
                    }
                }
                Thread.sleep(1000);
            }
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(weights != null, "no 200 from the weights, karma and outcomes within " + seconds + " s; last: "
                    + last + "\n" + engine.logTail());
            assertTrue(weights.has("source") && "learned".equals(weights.get("source").getAsString()),
                    "learned weights after " + seconds + " s: " + weights + "\n" + engine.logTail());
            assertTrue(!weights.get("weights").equals(weights.get("preset_weights")), weights.toString());
            assertTrue(karma.size() > 0, "a karma leaderboard");
            assertTrue(karma.get(0).getAsJsonObject().get("producer_id").getAsString().startsWith("sim-"));
            assertTrue(outcomes.size() > 0, "resolved outcomes");
            assertTrue(engine.logText().contains("the loop's wall-clock timer is switched off"), engine.logTail());
        }
    }

    @Test
    void aHomeWithRealDataIsNeverReplayedInto() throws Exception {
        String name = "replayRefusesRealData";
        var home = EngineProcess.newHome(name);
        try (EngineProcess engine = EngineProcess.start(home, name + "-1")) {
            engine.awaitReady();
            HttpResponse<String> opened = engine.post("/api/v1/positions", """
                    {"id": "real-1", "symbol": "BTC", "direction": "long", "opened_at": "2026-01-05T10:00:00Z",
                     "entry_price": 100, "size_usd": 1000}
                    """, engine.operatorToken());
            assertEquals(201, opened.statusCode(), opened.body());
            engine.awaitLog("replay off", Duration.ofSeconds(30)); // the replay never runs unless asked
            assertEquals(143, engine.stop(Duration.ofSeconds(30)));
        }
        try (EngineProcess engine = EngineProcess.start(home, name + "-2", List.of("-Dlearning.replay=true"))) {
            engine.awaitReady();
            String token = engine.operatorToken();
            engine.awaitLog("replay refused", Duration.ofSeconds(30));
            assertTrue(engine.logText().contains("holds data that no replay wrote (1 positions)"), engine.logTail());
            JsonArray events = JsonParser.parseString(engine.get("/api/v1/events?type=forecast.v1", token).body())
                    .getAsJsonArray();
            assertEquals(0, events.size(), "no simulated forecast was written");
            assertEquals(0, JsonParser.parseString(engine.get("/api/v1/karma", token).body()).getAsJsonArray().size());
        }
    }
}
