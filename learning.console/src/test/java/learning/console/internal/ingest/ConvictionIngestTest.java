package learning.console.internal.ingest;

import static learning.console.internal.ApiFixture.assertBadInput;
import static learning.console.internal.ApiFixture.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.gson.JsonObject;

import learning.api.ledger.Conviction;
import learning.console.internal.ApiFixture;
import learning.console.internal.api.ApiResponse;

class ConvictionIngestTest {
    private static final String CONVICTION = """
            {"id":"c-1","cycle_id":"cy-7","symbol":"BTC","score":0.72,"ts":"2026-01-05T09:55:00Z",
             "domain_scores":{"onchain":0.8,"technical":0.6,"social":0.4},
             "skills":["breakout.md"],"patterns":["double-bottom"]}""";

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    private static String with(String member, String raw) {
        JsonObject o = com.google.gson.JsonParser.parseString(CONVICTION).getAsJsonObject();
        o.remove(member);
        String body = o.toString();
        return raw == null ? body : body.substring(0, body.length() - 1) + ",\"" + member + "\":" + raw + "}";
    }

    @Test
    void convictionIsStoredWithDomainScoresSkillsAndPatterns() {
        ApiResponse response = api.post("/convictions", CONVICTION);

        assertEquals(201, response.status(), response.json());
        assertEquals(0.8, object(response).getAsJsonObject("domain_scores").get("onchain").getAsDouble());
        Conviction stored = api.store.ledger().conviction("c-1").orElseThrow();
        assertEquals(Map.of("onchain", 0.8, "technical", 0.6, "social", 0.4), stored.domainScores());
        assertEquals(List.of("breakout.md"), stored.skills());
        assertEquals(List.of("double-bottom"), stored.patterns());
    }

    @Test
    void sameConvictionTwiceIsFine() {
        api.post("/convictions", CONVICTION);
        Map<String, Long> before = api.counts();

        ApiResponse again = api.post("/convictions", CONVICTION);

        assertEquals(201, again.status(), again.json());
        assertEquals(before, api.counts());
    }

    @Test
    void sameIdWithOtherScoresIsAConflictAndTheOriginalStays() {
        api.post("/convictions", CONVICTION);
        Map<String, Long> before = api.counts();

        ApiResponse response = api.post("/convictions", with("score", "0.1"));

        assertEquals(409, response.status(), response.json());
        assertEquals(before, api.counts());
        assertEquals(0.72, api.store.ledger().conviction("c-1").orElseThrow().score());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "score | NaN",
            "score | '\"0.7\"'",
            "ts | '\"09:55\"'",
            "domain_scores | '[0.8]'",
            "domain_scores | '\"onchain\"'",
            "skills | '\"breakout.md\"'",
            "patterns | '{}'",
            "id | '{}'",
            "cycle_id | false",
    })
    void badConvictionFieldIsRefusedAndNothingIsStored(String field, String raw) {
        assertBadInput(api.post("/convictions", with(field, raw)), field);
        assertEquals(0L, api.counts().get("conviction_scores"));
        assertEquals(0L, api.counts().get("events"));
    }

    @Test
    void domainScoreThatIsNotANumberNamesTheDomain() {
        assertBadInput(api.post("/convictions", with("domain_scores", "{\"onchain\":\"high\"}")),
                "domain_scores.onchain");
        assertBadInput(api.post("/convictions", with("domain_scores", "{\"onchain\":NaN}")),
                "domain_scores.onchain");
        assertBadInput(api.post("/convictions", with("domain_scores", "{\"onchain\":null}")),
                "domain_scores.onchain");
    }

    @Test
    void skillThatIsNotAStringNamesItsIndex() {
        assertBadInput(api.post("/convictions", with("skills", "[\"a.md\", 5]")), "skills[1]");
    }

    @ParameterizedTest
    @CsvSource({"id", "cycle_id", "symbol", "score", "ts", "domain_scores"})
    void convictionMissingARequiredFieldNamesIt(String field) {
        assertBadInput(api.post("/convictions", with(field, null)), field);
    }
}
