package learning.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.attribution.OutcomeAttributor;
import learning.api.corpus.CorpusService;
import learning.api.karma.KarmaService;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.api.ApiRouter;
import learning.console.internal.auth.Role;
import learning.console.internal.auth.TokenAuthenticator;
import learning.console.internal.auth.TokenAuthenticator.KnownToken;
import learning.store.internal.Store;

/**
 * The API's router over a real store in a fresh in-memory database, with one operator and one
 * viewer token, and helpers to send requests and read answers.
 */
public final class ApiFixture implements AutoCloseable {
    public static final String OPERATOR = "operator-token-for-tests";
    public static final String VIEWER = "viewer-token-for-tests";
    static final long MAX_BODY = 8L * 1024 * 1024;

    public final Store store = Store.open("jdbc:hsqldb:mem:console-" + UUID.randomUUID());
    public volatile OutcomeAttributor attributor;
    public volatile KarmaService karma;
    public volatile CorpusService corpus;
    public volatile learning.api.weights.WeightService weights;
    public volatile learning.api.forecast.OutcomeHistory outcomes;
    public volatile learning.api.forecast.PerformanceAggregator performance;
    public volatile learning.api.meta.MetaProducer meta;
    public final ApiRouter router;

    public ApiFixture() {
        List<String> rejected = new ArrayList<>();
        List<KnownToken> tokens = new ArrayList<>();
        tokens.addAll(TokenAuthenticator.configured(Role.OPERATOR, new String[] {OPERATOR}, rejected));
        tokens.addAll(TokenAuthenticator.configured(Role.VIEWER, new String[] {VIEWER}, rejected));
        router = ApiV1.router(new ApiServices(store.ledger(), store.events(), () -> attributor, () -> karma,
                () -> corpus, () -> weights, () -> outcomes, () -> performance, null, () -> meta),
                new TokenAuthenticator(tokens), MAX_BODY);
    }

    public ApiResponse post(String path, String json) {
        return send("POST", path, null, OPERATOR, json);
    }

    public ApiResponse get(String path, String query) {
        return send("GET", path, query, VIEWER, null);
    }

    public ApiResponse send(String method, String path, String query, String token, String body) {
        Map<String, String> headers = token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
        return router.handle(method, path, query, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** @return row counts of the ledger tables and the event log */
    public Map<String, Long> counts() {
        return store.ledger().counts();
    }

    @Override
    public void close() {
        store.close();
    }

    public static JsonElement json(ApiResponse response) {
        return JsonParser.parseString(response.json());
    }

    public static JsonObject object(ApiResponse response) {
        return json(response).getAsJsonObject();
    }

    public static JsonArray array(ApiResponse response) {
        return json(response).getAsJsonArray();
    }

    /** Asserts a 400 that names the field, and that the body is the documented error shape. */
    public static void assertBadInput(ApiResponse response, String field) {
        assertEquals(400, response.status(), response.json());
        JsonObject body = object(response);
        assertEquals(field, body.get("field").getAsString(), response.json());
        assertTrue(body.get("error").getAsString().length() > 0);
    }

    /** Asserts an error answer with the given status and field. */
    public static void assertError(ApiResponse response, int status, String field) {
        assertEquals(status, response.status(), response.json());
        JsonObject body = object(response);
        assertTrue(body.has("error"), response.json());
        if (field != null) {
            assertEquals(field, body.get("field").getAsString(), response.json());
        }
    }
}
