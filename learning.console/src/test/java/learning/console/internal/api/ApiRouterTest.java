package learning.console.internal.api;

import static learning.console.internal.ApiFixture.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import learning.console.internal.ApiFixture;

class ApiRouterTest {
    private static final List<String> WRITE_PATHS = List.of("/positions", "/positions/p-1/close", "/convictions",
            "/signals/accepted", "/forecasts", "/prices", "/producers/x/health");

    /** Bodies a careless or hostile client might send. */
    private static final List<String> MALFORMED = List.of("", "   ", "null", "true", "42", "\"text\"", "{", "[", "}",
            "[{]", "{\"a\":}", "{'id':'x'}", "{id:1}", "[1,2,3]", "[null]", "[[]]", "[{}]", "{}", "{\"id\":null}",
            "NaN", "[NaN]", "{\"confidence\":NaN}", "{\"a\":1}{\"b\":2}", "[] []", "\u0000", "\uFEFF{}", "\"\\u12\"",
            "{\"bars\":[{\"open\":1e999}]}", "[".repeat(10_000), "{\"a\":".repeat(5_000), "<xml/>", "id=1&symbol=BTC",
            "{\"id\":\"p-1\",\"symbol\":\"BTC\",\"direction\":\"long\",\"opened_at\":\"2026-01-05T10:00:00+25:00\"}");

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void noMalformedBodyEverGetsAServerErrorOrStoresAnything() {
        api.post("/positions", "{\"id\":\"p-1\",\"symbol\":\"BTC\",\"direction\":\"long\",\"opened_at\":\"2026-01-05T10:00:00Z\"}");
        Map<String, Long> before = api.counts();

        for (String path : WRITE_PATHS) {
            for (String body : MALFORMED) {
                ApiResponse response = api.post(path, body);
                String what = path + " with " + body.substring(0, Math.min(40, body.length()));
                assertTrue(response.status() >= 400 && response.status() < 500, what + " -> " + response.status());
                JsonObject error = object(response);
                assertTrue(error.has("error") && error.has("field"), what + " -> " + response.json());
                assertFalse(response.json().contains("Exception"), what + " -> " + response.json());
                assertFalse(response.json().contains("\tat "), what + " -> " + response.json());
            }
        }
        assertEquals(before, api.counts());
    }

    @Test
    void invalidUtf8IsBadInputNotAServerError() {
        byte[] body = {'[', '{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}', ']'};

        ApiResponse response = api.router.handle("POST", "/forecasts", null,
                Map.of("Authorization", "Bearer " + ApiFixture.OPERATOR), body);

        assertEquals(400, response.status(), response.json());
    }

    @Test
    void unknownPathIsNotFoundAsJson() {
        ApiResponse response = api.get("/nothing/here", null);

        assertEquals(404, response.status());
        assertEquals("path", object(response).get("field").getAsString());
        assertEquals(404, api.get("/", null).status());
        assertEquals(404, api.get(null, null).status());
    }

    @Test
    void theRouteIndexListsEveryEndpointSoClientsCanTellMissingFromFailing() {
        ApiResponse index = api.get("/routes", null);

        assertEquals(200, index.status(), index.json());
        String json = index.json();
        org.junit.jupiter.api.Assertions.assertTrue(json.contains("{\"method\":\"GET\",\"path\":\"/weights\"}"), json);
        org.junit.jupiter.api.Assertions.assertTrue(json.contains("{\"method\":\"PUT\",\"path\":\"/components/{role}/target\"}"), json);
        assertEquals(401, api.send("GET", "/routes", null, null, null).status(), "the index needs a token too");
    }

    @Test
    void wrongMethodIsNotAllowedAsJsonWithAllowHeader() {
        ApiResponse get = api.get("/forecasts", null);
        ApiResponse delete = api.send("DELETE", "/events", null, ApiFixture.OPERATOR, null);

        assertEquals(405, get.status());
        assertEquals("POST", get.headers().get("Allow"));
        assertEquals("method", object(get).get("field").getAsString());
        assertEquals(405, delete.status());
        assertEquals("GET", delete.headers().get("Allow"));
    }

    @Test
    void headIsAnsweredLikeGet() {
        assertEquals(200, api.send("HEAD", "/events", null, ApiFixture.VIEWER, null).status());
        assertEquals(405, api.send("HEAD", "/forecasts", null, ApiFixture.VIEWER, null).status());
    }

    @Test
    void trailingSlashIsTheSameEndpoint() {
        assertEquals(200, api.get("/events/", null).status());
    }

    @Test
    void oversizedBodyIsTooLarge() {
        byte[] body = new byte[(int) (8L * 1024 * 1024) + 1];
        java.util.Arrays.fill(body, (byte) ' ');

        ApiResponse response = api.router.handle("POST", "/forecasts", null,
                Map.of("Authorization", "Bearer " + ApiFixture.OPERATOR), body);

        assertEquals(413, response.status());
        assertEquals("body", object(response).get("field").getAsString());
    }

    @Test
    void contentTypeIsIgnoredAndTheBodyReadAsJson() {
        String body = "{\"id\":\"p-9\",\"symbol\":\"BTC\",\"direction\":\"short\",\"opened_at\":\"2026-01-05T10:00:00Z\"}";

        ApiResponse response = api.router.handle("POST", "/positions", null,
                Map.of("Authorization", "Bearer " + ApiFixture.OPERATOR, "Content-Type", "text/plain"),
                body.getBytes(StandardCharsets.UTF_8));

        assertEquals(201, response.status(), response.json());
    }

    @Test
    void pathPatternsMatchNamedSegments() {
        PathPattern pattern = new PathPattern("/positions/{id}/close");

        assertEquals(Map.of("id", "p-1"), pattern.match("/positions/p-1/close").orElseThrow());
        assertTrue(pattern.match("/positions//close").isEmpty());
        assertTrue(pattern.match("/positions/p-1").isEmpty());
        assertTrue(pattern.match("/positions/p-1/close/more").isEmpty());
    }
}
