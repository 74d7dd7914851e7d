package learning.console.internal.read;

import static learning.console.internal.ApiFixture.assertBadInput;
import static learning.console.internal.ApiFixture.assertError;
import static learning.console.internal.ApiFixture.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.Map;

import com.google.gson.JsonObject;

import learning.api.weights.WeightAdjuster;
import learning.console.internal.ApiFixture;
import learning.weights.internal.CorrelationAdjuster;
import learning.weights.internal.DefaultWeightService;
import learning.weights.internal.WeightsConfig;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weights endpoints against the real weight service on a real in-memory store. */
class WeightsEndpointTest {
    @TempDir
    Path home;
    ApiFixture api;

    @BeforeEach
    void open() {
        api = new ApiFixture();
        WeightAdjuster correlation = new CorrelationAdjuster();
        api.weights = new DefaultWeightService(api.store.database(), api.store.events(),
                new DefaultWeightService.Adjusters() {
                    @Override
                    public Map.Entry<String, WeightAdjuster> live() {
                        return new AbstractMap.SimpleEntry<>("correlation", correlation);
                    }

                    @Override
                    public Map<String, WeightAdjuster> all() {
                        return Map.of("correlation", correlation);
                    }
                }, WeightsConfig.defaults(), home.resolve("data").resolve("learned_weights.yaml"), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void liveWeightsAnswerThePresetBeforeAnyLearning() {
        JsonObject body = object(api.get("/weights", null));
        assertEquals("preset", body.get("source").getAsString());
        assertEquals("balanced", body.get("preset").getAsString());
        assertEquals(0.25, body.getAsJsonObject("weights").get("onchain").getAsDouble(), 1e-12);
        assertEquals(0, body.getAsJsonArray("pending").size());
    }

    @Test
    void choosingAPresetChangesTheLiveWeightsAndAnUnknownOneIsRefused() {
        JsonObject body = object(api.send("PUT", "/weights/preset", null, ApiFixture.OPERATOR,
                "{\"preset\": \"conservative\"}"));
        assertEquals("conservative", body.get("preset").getAsString());
        assertEquals(0.30, body.getAsJsonObject("weights").get("curator").getAsDouble(), 1e-12);
        assertBadInput(api.send("PUT", "/weights/preset", null, ApiFixture.OPERATOR, "{\"preset\": \"yolo\"}"), "preset");
        assertEquals("conservative", object(api.get("/weights", null)).get("preset").getAsString());
    }

    @Test
    void aViewerCannotChangeThePreset() {
        assertError(api.send("PUT", "/weights/preset", null, ApiFixture.VIEWER, "{\"preset\": \"degen\"}"), 403, null);
        assertEquals("balanced", object(api.get("/weights", null)).get("preset").getAsString());
    }

    @Test
    void approvingAnUnknownAdjustmentIsNotFound() {
        assertError(api.post("/weights/adjustments/nope/approve", ""), 404, "id");
    }

    @Test
    void theHistoryRecordsThePresetChoice() {
        api.send("PUT", "/weights/preset", null, ApiFixture.OPERATOR, "{\"preset\": \"degen\"}");
        assertEquals(6, api.get("/weights/history", null).json().split("\"domain\"").length - 1);
    }
}
