package learning.console.internal.web;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import learning.console.internal.api.ApiResponse;
import learning.console.internal.api.ApiRouter;

/**
 * Lets the console's session cookie stand in for a bearer token on {@code /api/v1}, with CSRF
 * protection: a request that carries {@code Authorization} is authenticated by the router as
 * before (browsers never add that header on their own, so it needs no CSRF token). A request that
 * carries only the session cookie must name a live session, and a state change (anything but
 * GET, HEAD, OPTIONS) must also carry the session's CSRF token in {@code X-CSRF-Token}; otherwise
 * it is refused with 403 before any handler runs, so nothing changes. The router still checks the
 * role: a viewer's session may read and nothing else.
 */
public final class ApiSessionGate {
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private ApiSessionGate() {
    }

    /**
     * Answers one API request.
     *
     * @param router the API router
     * @param sessions the console sessions
     * @param method the HTTP method
     * @param path the path below {@code /api/v1}
     * @param rawQuery the query string, or null
     * @param headers the request headers, looked up without regard to case
     * @param body the body, or null
     * @return the answer
     */
    public static ApiResponse handle(ApiRouter router, ConsoleSessions sessions, String method, String path,
            String rawQuery, Map<String, String> headers, byte[] body) {
        String upper = method == null ? "" : method.toUpperCase(java.util.Locale.ROOT);
        if (headers.get("Authorization") != null || sessions == null) {
            return router.handle(method, path, rawQuery, headers, body);
        }
        Optional<String> cookie = Cookies.value(headers.get("Cookie"), ConsoleSessions.COOKIE);
        if (cookie.isEmpty()) {
            return router.handle(method, path, rawQuery, headers, body);
        }
        Optional<ConsoleSessions.Session> session = sessions.find(cookie.get());
        if (session.isEmpty()) {
            return ApiResponse.error(401, "the console session has ended; sign in again", "session")
                    .withHeader("WWW-Authenticate", "Bearer");
        }
        if (!READ_METHODS.contains(upper)
                && !ConsoleSessions.csrfMatches(session.get(), headers.get(ConsoleSessions.CSRF_HEADER))) {
            return ApiResponse.error(403, upper + " from a console session needs the session's CSRF token in "
                    + ConsoleSessions.CSRF_HEADER, "csrf");
        }
        return router.handle(method, path, rawQuery, headers, body, session.get().principal());
    }
}
