package learning.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The meta-producer in the exported engine: producer forecasts and prices go in over REST, the
 * real resolver resolves them, the meta cycle stores a shadow forecast, the resolver resolves that
 * one like any other, and the operator sees it in the shadow track record of {@code GET /api/v1/meta}.
 * A file dropped into deploy/ then switches the mode live without a restart.
 */
class MetaEndToEndIT {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(60));

    @Test
    void shadowForecastsAreResolvedAndAppearInTheTrackRecord(TestInfo test) throws Exception {
        Path home = EngineProcess.newHome("meta");
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        // No request may reach the internet: the local bars answer every price.
        Files.writeString(deploy.resolve("learning.forecast.binance.cfg"), "enabled=false\n");
        try (EngineProcess engine = EngineProcess.start(home, "meta-shadow-track-record")) {
            engine.awaitReady();
            String token = engine.operatorToken();

            JsonObject status = object(engine.get("/api/v1/meta", token));
            assertEquals("shadow", status.get("mode").getAsString());
            assertEquals("default", status.get("implementation").getAsString());
            assertEquals(500, status.getAsJsonObject("activation").get("required").getAsLong());

            // Hourly bars of a steadily rising asset, from T0 to a day and a half after NOW.
            JsonArray bars = new JsonArray();
            for (int i = 0; i < 24 * 62; i++) {
                Instant open = T0.plus(Duration.ofHours(i));
                double close = 100 + 0.1 * (i + 1);
                JsonObject bar = new JsonObject();
                bar.addProperty("open_time", open.toString());
                bar.addProperty("close_time", open.plus(Duration.ofHours(1)).toString());
                bar.addProperty("open", close - 0.1);
                bar.addProperty("high", close);
                bar.addProperty("low", close - 0.1);
                bar.addProperty("close", close);
                bar.addProperty("volume", 1.0);
                bars.add(bar);
            }
            JsonObject prices = new JsonObject();
            prices.addProperty("asset", "E2E");
            prices.addProperty("interval", "1h");
            prices.add("bars", bars);
            acknowledged(engine.post("/api/v1/prices", prices.toString(), token));

            // Two producers call long every 2 hours for 58 days (all right: the price rises), and
            // once more 30 minutes before NOW: the current state.
            JsonArray forecasts = new JsonArray();
            int n = 0;
            for (Instant ts = T0.plus(Duration.ofHours(2)); ts.isBefore(NOW.minus(Duration.ofDays(2)));
                    ts = ts.plus(Duration.ofHours(2))) {
                for (String producer : new String[] {"e2e-a", "e2e-b"}) {
                    forecasts.add(forecast("h-" + (n++), producer, ts));
                }
            }
            forecasts.add(forecast("state-a", "e2e-a", NOW.minus(Duration.ofMinutes(30))));
            forecasts.add(forecast("state-b", "e2e-b", NOW.minus(Duration.ofMinutes(30))));
            acknowledged(engine.post("/api/v1/forecasts", forecasts.toString(), token));

            JsonObject resolved = object(engine.post("/api/v1/cycles/resolve/run?as_of=" + NOW, "", token));
            assertTrue(resolved.getAsJsonObject("counts").get("resolved").getAsInt() >= 500, resolved.toString());

            JsonObject meta = object(engine.post("/api/v1/cycles/meta/run?as_of=" + NOW, "", token));
            JsonObject counts = meta.getAsJsonObject("counts");
            assertEquals("default", counts.get("implementation").getAsString(), meta.toString());
            assertEquals(1, counts.getAsJsonObject("abstentions").get("shadow_mode").getAsInt(), meta.toString());

            JsonObject before = object(engine.get("/api/v1/meta", token)).getAsJsonObject("shadow_record");
            assertEquals(1, before.get("forecasts").getAsLong(), before.toString());
            assertEquals(0, before.get("resolved").getAsLong(), before.toString());

            // A day later the resolver resolves the shadow forecast like any other.
            Instant later = NOW.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(10));
            object(engine.post("/api/v1/cycles/resolve/run?as_of=" + later, "", token));
            JsonObject after = object(engine.get("/api/v1/meta", token));
            JsonObject record = after.getAsJsonObject("shadow_record");
            assertEquals(1, record.get("resolved").getAsLong(), after.toString());
            assertEquals(1, record.get("wins").getAsLong(), after.toString());
            assertEquals(1.0, record.get("win_rate").getAsDouble(), after.toString());
            assertEquals(0.0, record.get("mean_brier").getAsDouble(), 1e-12, after.toString());
            assertTrue(record.get("wilson_low").getAsDouble() > 0, after.toString());
            JsonObject ensemble = record.getAsJsonObject("ensemble");
            assertEquals(1, ensemble.get("resolved").getAsLong(), after.toString());
            assertEquals(0.09, ensemble.get("mean_brier").getAsDouble(), 1e-9, after.toString());
            assertTrue(after.getAsJsonObject("activation").get("resolved").getAsLong() >= 500, after.toString());

            boolean shadowOutcome = false;
            for (JsonElement e : array(engine.get("/api/v1/events?type=forecast.outcome.v1&limit=10", token))) {
                String payload = e.getAsJsonObject().get("payload").toString();
                shadowOutcome |= payload.contains("meta-shadow");
            }
            assertTrue(shadowOutcome, "a forecast.outcome.v1 event of producer meta-shadow is in the log");

            // A configuration file dropped into deploy/ switches the mode live, audited, without a restart.
            Path staged = home.resolve("learning.meta.cfg.tmp");
            Files.writeString(staged, "mode=live\n");
            Files.move(staged, deploy.resolve("learning.meta.cfg"), StandardCopyOption.ATOMIC_MOVE);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            String mode = "shadow";
            while (!"live".equals(mode) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                mode = object(engine.get("/api/v1/meta", token)).get("mode").getAsString();
            }
            assertEquals("live", mode, engine.logTail());
            JsonArray switches = array(engine.get("/api/v1/events?type=meta.mode_changed.v1", token));
            assertEquals(1, switches.size(), switches.toString());
            assertTrue(switches.get(0).toString().contains("configuration"), switches.toString());
        }
    }

    private static JsonObject forecast(String id, String producer, Instant ts) {
        JsonObject f = new JsonObject();
        f.addProperty("forecast_id", id);
        f.addProperty("asset", "E2E");
        f.addProperty("horizon", "24h");
        f.addProperty("action", "long");
        f.addProperty("confidence", 0.7);
        f.addProperty("source", producer + "@1.0");
        f.addProperty("ts", ts.toString());
        return f;
    }

    private static JsonObject object(HttpResponse<String> answer) {
        acknowledged(answer);
        return JsonParser.parseString(answer.body()).getAsJsonObject();
    }

    private static JsonArray array(HttpResponse<String> answer) {
        acknowledged(answer);
        return JsonParser.parseString(answer.body()).getAsJsonArray();
    }

    private static void acknowledged(HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (status != 200 && status != 201) {
            fail("not acknowledged: " + answer.request().method() + " " + answer.uri() + " -> " + status + " "
                    + answer.body());
        }
    }
}
