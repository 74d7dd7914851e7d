package learning.console.internal.auth;

import static learning.console.internal.ApiFixture.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import learning.console.internal.ApiFixture;
import learning.console.internal.ApiServices;
import learning.console.internal.ApiV1;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.api.ApiRouter;

class AuthenticationTest {
    private static final String FORECASTS = "[{\"forecast_id\":\"f\",\"asset\":\"BTC\",\"horizon\":\"4h\",\"action\":\"long\","
            + "\"confidence\":0.6,\"source\":\"m\",\"ts\":\"2026-01-05T10:00:00Z\"}]";

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void requestWithoutTokenIsUnauthorizedAndSaysBearer() {
        ApiResponse response = api.send("GET", "/events", null, null, null);

        assertEquals(401, response.status());
        assertEquals("Bearer", response.headers().get("WWW-Authenticate"));
        assertTrue(object(response).has("error"));
    }

    @Test
    void unknownTokenIsUnauthorized() {
        assertEquals(401, api.send("GET", "/events", null, "guess", null).status());
        assertEquals(401, api.send("POST", "/forecasts", null, "guess", FORECASTS).status());
        assertEquals(0L, api.counts().get("forecasts"));
    }

    @Test
    void otherAuthorizationSchemesAreUnauthorized() {
        ApiResponse basic = api.router.handle("GET", "/events", null,
                Map.of("Authorization", "Basic b3BlcmF0b3I6cGFzcw=="), null);
        ApiResponse bare = api.router.handle("GET", "/events", null, Map.of("Authorization", ApiFixture.OPERATOR), null);

        assertEquals(401, basic.status());
        assertEquals(401, bare.status());
    }

    @Test
    void viewerMayReadButNotWrite() {
        assertEquals(200, api.send("GET", "/events", null, ApiFixture.VIEWER, null).status());

        ApiResponse write = api.send("POST", "/forecasts", null, ApiFixture.VIEWER, FORECASTS);

        assertEquals(403, write.status());
        assertEquals(0L, api.counts().get("forecasts"));
    }

    @Test
    void operatorMayWrite() {
        assertEquals(201, api.send("POST", "/forecasts", null, ApiFixture.OPERATOR, FORECASTS).status());
        assertEquals(200, api.send("GET", "/events/verify", null, ApiFixture.OPERATOR, null).status());
    }

    @Test
    void headerNameAndSchemeAreCaseInsensitive() {
        ApiResponse response = api.router.handle("GET", "/events", null,
                Map.of("authorization", "bearer " + ApiFixture.VIEWER), null);

        assertEquals(200, response.status());
    }

    @Test
    void tokenConfiguredAsItsHashIsAccepted() {
        String token = "hashed-viewer-token";
        String configured = "sha256:" + TokenHash.hex(TokenHash.of(token));
        List<String> rejected = new ArrayList<>();
        TokenAuthenticator auth = new TokenAuthenticator(
                TokenAuthenticator.configured(Role.VIEWER, new String[] {configured, "sha256:nothex"}, rejected));
        ApiRouter router = ApiV1.router(new ApiServices(api.store.ledger(), api.store.events(), () -> null, () -> null, () -> null, () -> null, () -> null, () -> null, null, () -> null), auth,
                1 << 20);

        ApiResponse read = router.handle("GET", "/events", null, Map.of("Authorization", "Bearer " + token), null);
        ApiResponse write = router.handle("POST", "/forecasts", null, Map.of("Authorization", "Bearer " + token),
                FORECASTS.getBytes(StandardCharsets.UTF_8));

        assertEquals(200, read.status());
        assertEquals(403, write.status());
        assertEquals(1, rejected.size());
        assertEquals(1, auth.size());
    }

    @Test
    void principalCarriesRoleAndLabel() {
        List<String> rejected = new ArrayList<>();
        List<TokenAuthenticator.KnownToken> tokens = new ArrayList<>(
                TokenAuthenticator.configured(Role.VIEWER, new String[] {"", "v2"}, rejected));
        tokens.addAll(TokenAuthenticator.configured(Role.OPERATOR, new String[] {"o1"}, rejected));
        TokenAuthenticator auth = new TokenAuthenticator(tokens);

        assertEquals(new ActingPrincipal(Role.VIEWER, "viewer:2"), auth.authenticate("Bearer v2").orElseThrow());
        assertEquals(new ActingPrincipal(Role.OPERATOR, "operator:1"), auth.authenticate("Bearer o1").orElseThrow());
        assertTrue(auth.authenticate("Bearer ").isEmpty());
        assertTrue(auth.authenticate(null).isEmpty());
    }
}
