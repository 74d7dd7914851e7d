package learning.console.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import learning.console.internal.ApiFixture;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.auth.Role;
import learning.console.internal.auth.TokenAuthenticator;
import learning.console.internal.auth.TokenAuthenticator.KnownToken;

/**
 * The console's session cookie on {@code /api/v1}: reads need a live session, state changes also
 * the session's CSRF token, and a viewer's session changes nothing. Against the real router and
 * store (in-memory HSQLDB).
 */
class ConsoleSessionSecurityTest {
    private static final String CONVICTION = """
            {"id": "conv-1", "cycle_id": "c-1", "symbol": "BTC", "score": 0.7, "ts": "2026-01-05T10:00:00Z",
             "domain_scores": {"onchain": 0.8}}
            """;

    private final ApiFixture api = new ApiFixture();
    private final MovableClock clock = new MovableClock();
    private final ConsoleSessions sessions = new ConsoleSessions(clock);

    ConsoleSessionSecurityTest() {
        sessions.configure(authenticator(ApiFixture.VIEWER), Duration.ofMinutes(30), Duration.ofHours(12));
    }

    @AfterEach
    void close() {
        api.close();
    }

    private static TokenAuthenticator authenticator(String... viewers) {
        List<String> rejected = new ArrayList<>();
        List<KnownToken> tokens = new ArrayList<>();
        tokens.addAll(TokenAuthenticator.configured(Role.OPERATOR, new String[] {ApiFixture.OPERATOR}, rejected));
        tokens.addAll(TokenAuthenticator.configured(Role.VIEWER, viewers, rejected));
        return new TokenAuthenticator(tokens);
    }

    private ApiResponse send(String method, String path, String cookie, String csrf, String body) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (cookie != null) {
            headers.put("Cookie", "theme=dark; " + ConsoleSessions.COOKIE + "=" + cookie);
        }
        if (csrf != null) {
            headers.put(ConsoleSessions.CSRF_HEADER, csrf);
        }
        return ApiSessionGate.handle(api.router, sessions, method, path, null, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOperatorSessionReadsAndChangesStateOnlyWithItsCsrfToken() {
        ConsoleSessions.Session s = sessions.signIn(ApiFixture.OPERATOR).orElseThrow();
        Map<String, Long> before = api.counts();

        assertEquals(200, send("GET", "/events", s.id(), null, null).status(), "a read needs no CSRF token");
        ApiResponse noToken = send("POST", "/convictions", s.id(), null, CONVICTION);
        ApiResponse wrongToken = send("POST", "/convictions", s.id(), "not-the-token", CONVICTION);

        assertEquals(403, noToken.status(), noToken.json());
        assertEquals(403, wrongToken.status(), wrongToken.json());
        assertEquals(before, api.counts(), "a refused POST changes nothing");

        ApiResponse withToken = send("POST", "/convictions", s.id(), s.csrfToken(), CONVICTION);
        assertEquals(201, withToken.status(), withToken.json());
        assertTrue(api.counts().get("conviction_scores") > before.getOrDefault("conviction_scores", 0L),
                "stored with the CSRF token: " + api.counts());
    }

    @Test
    void aViewerSessionIsRefusedEvenWithTheRightCsrfToken() {
        ConsoleSessions.Session s = sessions.signIn(ApiFixture.VIEWER).orElseThrow();
        Map<String, Long> before = api.counts();

        ApiResponse post = send("POST", "/convictions", s.id(), s.csrfToken(), CONVICTION);
        ApiResponse delete = send("DELETE", "/weights/overlay", s.id(), s.csrfToken(), null);

        assertEquals(403, post.status(), post.json());
        assertEquals(403, delete.status(), delete.json());
        assertEquals(before, api.counts());
        assertEquals(200, send("GET", "/events", s.id(), null, null).status(), "a viewer reads everything");
    }

    @Test
    void unknownTokensOpenNoSessionAndUnknownCookiesGet401() {
        assertTrue(sessions.signIn("guessed").isEmpty());
        assertTrue(sessions.signIn("").isEmpty());
        assertEquals(401, send("GET", "/events", "forged-session-id", null, null).status());
        assertEquals(401, send("POST", "/convictions", "forged-session-id", "x", CONVICTION).status());
        assertEquals(401, send("GET", "/events", null, null, null).status(), "no cookie, no token");
    }

    @Test
    void aBearerTokenNeedsNoCsrfTokenBecauseBrowsersNeverSendItOnTheirOwn() {
        ApiResponse r = api.post("/convictions", CONVICTION);
        assertEquals(201, r.status(), r.json());
    }

    @Test
    void sessionsEndWhenIdleWhenOldAndWhenTheirTokenIsRemoved() {
        ConsoleSessions.Session idle = sessions.signIn(ApiFixture.OPERATOR).orElseThrow();
        clock.advance(Duration.ofMinutes(29));
        assertEquals(200, send("GET", "/events", idle.id(), null, null).status(), "used within the idle time");
        clock.advance(Duration.ofMinutes(29));
        assertEquals(200, send("GET", "/events", idle.id(), null, null).status(), "each use restarts the idle time");
        clock.advance(Duration.ofMinutes(31));
        assertEquals(401, send("GET", "/events", idle.id(), null, null).status(), "idle for 31 minutes");

        ConsoleSessions.Session busy = sessions.signIn(ApiFixture.OPERATOR).orElseThrow();
        for (int i = 0; i < 25; i++) {
            clock.advance(Duration.ofMinutes(29));
            send("GET", "/events", busy.id(), null, null);
        }
        assertEquals(401, send("GET", "/events", busy.id(), null, null).status(), "older than 12 hours");

        ConsoleSessions.Session viewer = sessions.signIn(ApiFixture.VIEWER).orElseThrow();
        sessions.configure(authenticator(), Duration.ofMinutes(30), Duration.ofHours(12));
        assertEquals(401, send("GET", "/events", viewer.id(), null, null).status(),
                "the viewer token was removed from the configuration");
    }

    @Test
    void signingOutEndsTheSession() {
        ConsoleSessions.Session s = sessions.signIn(ApiFixture.OPERATOR).orElseThrow();
        sessions.signOut(s.id());
        assertEquals(401, send("GET", "/events", s.id(), null, null).status());
    }

    @Test
    void theCookieIsHttpOnlyStrictAndSecureOverHttps() {
        assertEquals("learning_session=abc; Path=/; HttpOnly; SameSite=Strict", ConsoleServlet.cookie("abc", false, false));
        assertEquals("learning_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure",
                ConsoleServlet.cookie("abc", true, false));
        assertTrue(ConsoleServlet.cookie("", false, true).endsWith("Max-Age=0"));
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-05T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
