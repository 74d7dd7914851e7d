package learning.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.attribution.OutcomeAttributor;
import learning.api.corpus.CorpusService;
import learning.api.karma.KarmaService;
import learning.api.karma.ProducerKarma;
import learning.api.ledger.InputLedger;

/**
 * The attribution, karma and corpus bundles wire in Felix, and one close through the REST API
 * updates the conviction's outcome, the producer's karma and the skill file in one go.
 */
class PositionLearningTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    OutcomeAttributor attributor;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    KarmaService karma;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    CorpusService corpus;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    InputLedger ledger;

    @Test
    void oneRestCloseUpdatesConvictionOutcomeKarmaAndTheSkillFile() throws Exception {
        EngineHttp http = EngineHttp.of(context);
        http.awaitReady();
        String token = http.operatorToken();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String skill = "skill-" + run;
        Path pending = http.home().resolve("corpus").resolve("skills").resolve("pending");
        Files.createDirectories(pending);
        Path file = pending.resolve(skill + ".md");
        Files.writeString(file, "---\ntitle: breakout\nscore: 0\n---\nbuy the breakout\n");

        assertEquals(201, http.post("/api/v1/convictions", token, "{\"id\":\"c-" + run + "\",\"cycle_id\":\"cy-" + run
                + "\",\"symbol\":\"BTC\",\"score\":0.7,\"ts\":\"2026-01-05T00:00:00Z\",\"domain_scores\":{\"onchain\":0.8},"
                + "\"skills\":[\"" + skill + "\"],\"patterns\":[\"flag-" + run + "\"]}").status());
        assertEquals(201, http.post("/api/v1/positions", token, "{\"id\":\"p-" + run + "\",\"symbol\":\"BTC\","
                + "\"direction\":\"long\",\"opened_at\":\"2026-01-05T00:00:00Z\",\"conviction_id\":\"c-" + run + "\"}")
                .status());
        assertEquals(201, http.post("/api/v1/signals/accepted", token, "[{\"trade_id\":\"p-" + run + "\",\"producer_id\":"
                + "\"ta-" + run + "\",\"domain\":\"technical\",\"signal_event_id\":\"s1\",\"contribution_weight\":1.0}]")
                .status());

        EngineHttp.Answer closed = http.post("/api/v1/positions/p-" + run + "/close", token,
                "{\"closed_at\":\"2026-01-05T10:00:00Z\",\"realized_pnl\":12.0,\"exit_price\":50600}");
        assertEquals(200, closed.status(), closed.body());
        JsonObject body = JsonParser.parseString(closed.body()).getAsJsonObject();
        assertEquals("attributed", body.getAsJsonObject("attribution").get("status").getAsString());
        assertEquals(1, body.getAsJsonObject("corpus").get("scores_changed").getAsInt());

        assertEquals(12.0, ledger.conviction("c-" + run).orElseThrow().outcome());
        ProducerKarma k = karma.leaderboard(10_000).stream()
                .filter(p -> p.producerId().equals("ta-" + run)).findFirst().orElseThrow();
        assertEquals(0.05, k.karmaScore(), 1e-12);
        assertEquals(1, k.winCount());
        assertTrue(Files.readString(file).contains("score: 1"), Files.readString(file));

        // closing again is refused and changes nothing
        assertEquals(409, http.post("/api/v1/positions/p-" + run + "/close", token,
                "{\"closed_at\":\"2026-01-05T11:00:00Z\",\"realized_pnl\":99.0}").status());
        assertTrue(Files.readString(file).contains("score: 1"));
        assertEquals(0.05, karma.leaderboard(10_000).stream()
                .filter(p -> p.producerId().equals("ta-" + run)).findFirst().orElseThrow().karmaScore(), 1e-12);
    }
}
