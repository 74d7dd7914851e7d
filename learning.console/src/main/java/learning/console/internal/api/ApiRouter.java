package learning.console.internal.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import learning.api.ConflictException;
import learning.api.NotFoundException;
import learning.api.ValidationException;
import learning.api.store.StoreException;
import learning.console.internal.auth.ActingPrincipal;
import learning.console.internal.auth.TokenAuthenticator;
import learning.console.internal.json.JsonOutput;

/**
 * The core of {@code /api/v1}: authenticates, checks the role, limits the body, routes by method
 * and path, and turns every outcome into a JSON answer. It never throws and never lets a stack
 * trace reach the client; the servlet only copies its answers to HTTP. Immutable: a configuration
 * change builds a new router.
 */
public final class ApiRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** The path of the route index, answered by the router itself. */
    public static final String ROUTES_PATH = "/routes";

    private final TokenAuthenticator authenticator;
    private final long maxBodyBytes;
    private final List<Route> routes;

    private record Route(String method, PathPattern pattern, ApiHandler handler) {
    }

    private ApiRouter(Builder builder) {
        this.authenticator = Objects.requireNonNull(builder.authenticator, "authenticator");
        this.maxBodyBytes = builder.maxBodyBytes;
        this.routes = List.copyOf(builder.routes);
    }

    /** @return a builder for a router */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the largest accepted body in bytes */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Answers one request.
     *
     * @param method the HTTP method
     * @param path the path below {@code /api/v1} ({@code /positions}), null or empty for the root
     * @param rawQuery the percent-encoded query string, or null
     * @param headers the request headers (looked up without regard to case)
     * @param body the body, or null
     * @return the answer; never null, never an exception
     */
    public ApiResponse handle(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
        return handle(method, path, rawQuery, headers, body, null);
    }

    /**
     * Answers one request whose sender is already known: a console session, checked (cookie and
     * CSRF token) before the router. The role check still applies.
     *
     * @param method the HTTP method
     * @param path the path below {@code /api/v1}
     * @param rawQuery the percent-encoded query string, or null
     * @param headers the request headers
     * @param body the body, or null
     * @param signedIn who sent it, or null to authenticate the bearer token as usual
     * @return the answer; never null, never an exception
     */
    public ApiResponse handle(String method, String path, String rawQuery, Map<String, String> headers, byte[] body,
            ActingPrincipal signedIn) {
        try {
            return route(method == null ? "" : method.toUpperCase(Locale.ROOT), normalise(path), rawQuery,
                    caseInsensitive(headers), body == null ? new byte[0] : body, Optional.ofNullable(signedIn));
        } catch (ValidationException e) {
            return ApiResponse.error(400, e.getMessage(), e.field());
        } catch (ConflictException e) {
            return ApiResponse.error(409, e.getMessage(), e.field());
        } catch (NotFoundException e) {
            return ApiResponse.error(404, e.getMessage(), e.field());
        } catch (StoreException e) {
            LOG.error("store failure answering {} {}", method, path, e);
            return ApiResponse.error(500, "internal error", null);
        } catch (IllegalArgumentException e) {
            // Services signal bad input with ValidationException; an IllegalArgumentException from
            // deeper down is still about the input, so it is the client's 400, not our 500.
            LOG.debug("bad input answering {} {}", method, path, e);
            return ApiResponse.error(400, String.valueOf(e.getMessage()), "body");
        } catch (RuntimeException | LinkageError e) {
            LOG.error("unexpected failure answering {} {}", method, path, e);
            return ApiResponse.error(500, "internal error", null);
        }
    }

    private ApiResponse route(String method, String path, String rawQuery, Map<String, String> headers, byte[] body,
            Optional<ActingPrincipal> signedIn) {
        Optional<ActingPrincipal> principal = signedIn.isPresent() ? signedIn
                : authenticator.authenticate(headers.get("Authorization"));
        if (principal.isEmpty()) {
            String problem = headers.containsKey("Authorization") ? "unknown token" : "a bearer token is required";
            return ApiResponse.error(401, problem, "authorization").withHeader("WWW-Authenticate", "Bearer");
        }
        if (!READ_METHODS.contains(method) && !principal.get().role().mayWrite()) {
            return ApiResponse.error(403, "this token may only read; " + method + " needs an operator token",
                    "authorization");
        }
        if (body.length > maxBodyBytes) {
            return ApiResponse.error(413, "the body is larger than " + maxBodyBytes + " bytes", "body");
        }
        // HEAD is GET without the body, which the servlet leaves out.
        String routeMethod = "HEAD".equals(method) ? "GET" : method;
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> match = route.pattern().match(path);
            if (match.isEmpty()) {
                continue;
            }
            if (!route.method().equals(routeMethod)) {
                allowed.add(route.method());
                continue;
            }
            ApiRequest request = new ApiRequest(method, path, match.get(), QueryParameters.parse(rawQuery), body,
                    principal.get());
            return route.handler().handle(request);
        }
        if (ROUTES_PATH.equals(path) && "GET".equals(routeMethod)) {
            return index();
        }
        if (!allowed.isEmpty()) {
            return ApiResponse.error(405, method + " is not supported here; use " + String.join(", ", allowed),
                    "method").withHeader("Allow", String.join(", ", allowed));
        }
        return ApiResponse.error(404, "no such endpoint: " + path, "path");
    }

    /**
     * {@code GET /api/v1/routes}: the routes this engine serves, so that clients (the console's pages) can
     * tell an endpoint that is not installed from one that fails, without a failing request.
     */
    private ApiResponse index() {
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            out.name("routes").beginArray();
            for (Route r : routes) {
                out.beginObject();
                out.name("method").value(r.method());
                out.name("path").value(r.pattern().toString());
                out.endObject();
            }
            out.endArray();
            out.endObject();
        }));
    }

    private static String normalise(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String p = path.startsWith("/") ? path : "/" + path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static Map<String, String> caseInsensitive(Map<String, String> headers) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    map.putIfAbsent(k, v);
                }
            });
        }
        return map;
    }

    /** Collects the routes and settings of a router. */
    public static final class Builder {
        private TokenAuthenticator authenticator;
        private long maxBodyBytes = 8L * 1024 * 1024;
        private final List<Route> routes = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param authenticator recognises the tokens
         * @return this builder
         */
        public Builder authenticator(TokenAuthenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /**
         * @param bytes the largest accepted body
         * @return this builder
         */
        public Builder maxBodyBytes(long bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * @param method the HTTP method, upper case
         * @param pattern the path pattern below {@code /api/v1}
         * @param handler what answers it
         * @return this builder
         */
        public Builder route(String method, String pattern, ApiHandler handler) {
            routes.add(new Route(method, new PathPattern(pattern), handler));
            return this;
        }

        /**
         * @param pattern the path pattern
         * @param handler what answers it
         * @return this builder
         */
        public Builder get(String pattern, ApiHandler handler) {
            return route("GET", pattern, handler);
        }

        /**
         * @param pattern the path pattern
         * @param handler what answers it
         * @return this builder
         */
        public Builder post(String pattern, ApiHandler handler) {
            return route("POST", pattern, handler);
        }

        /** @return the router */
        public ApiRouter build() {
            return new ApiRouter(this);
        }
    }
}
