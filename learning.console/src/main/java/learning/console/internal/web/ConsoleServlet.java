package learning.console.internal.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;

/**
 * The operator console at {@code /console}: static pages (HTML, CSS, JavaScript modules) from this
 * bundle, uPlot from its webjar (copied into the bundle), and the sign-in session at
 * {@code /console/session}. The pages read and change everything through {@code /api/v1}; this
 * servlet serves no data of its own.
 *
 * <ul>
 * <li>{@code GET /console/login} and {@code /console/assets/*}, {@code /console/vendor/*}: no session needed.</li>
 * <li>{@code GET /console/<page>}: the page when signed in, else a redirect to the sign-in page.</li>
 * <li>{@code POST /console/session} {@code {"token": "..."}}: signs in; sets the HttpOnly,
 * SameSite=Strict cookie and answers the CSRF token. {@code GET} describes the session,
 * {@code DELETE} (with the CSRF token) signs out.</li>
 * </ul>
 * Every answer carries a strict Content-Security-Policy (no inline scripts or styles), nosniff and
 * X-Frame-Options DENY.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletName("learning.console.web")
@HttpWhiteboardServletPattern("/console/*")
public class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** The pages, in menu order, with their titles. */
    static final Map<String, String> PAGES = orderedPages();
    private static final String RESOURCES = "console/";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/";
    private static final Pattern ASSET_PATH = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\\.[a-z0-9]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json");
    private static final int MAX_SIGN_IN_BYTES = 4096;

    private final transient ConsoleSessions sessions;

    /**
     * @param sessions the console sessions
     */
    @Activate
    public ConsoleServlet(@Reference ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    private static Map<String, String> orderedPages() {
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("overview", "Overview");
        pages.put("weights", "Weights");
        pages.put("producers", "Producers");
        pages.put("meta", "Meta-producer");
        pages.put("outcomes", "Outcomes and events");
        pages.put("corpus", "Corpus");
        pages.put("components", "Components");
        return java.util.Collections.unmodifiableMap(pages);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        try {
            if (path.equals("/session")) {
                session(request, response, method);
                return;
            }
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                response.setHeader("Allow", "GET, HEAD");
                text(response, 405, "use GET");
                return;
            }
            if (path.equals("/") || path.isEmpty()) {
                redirect(response, "/console/overview");
            } else if (path.equals("/login")) {
                resource(response, RESOURCES + "login.html", true);
            } else if (path.startsWith("/assets/") && ASSET_PATH.matcher(path.substring(8)).matches()) {
                resource(response, RESOURCES + path.substring(1), false);
            } else if (path.equals("/vendor/uplot/uPlot.esm.js") || path.equals("/vendor/uplot/uPlot.min.css")) {
                resource(response, UPLOT + "dist/" + path.substring("/vendor/uplot/".length()), false);
            } else if (path.equals("/vendor/uplot/LICENSE")) {
                resource(response, UPLOT + "LICENSE", false);
            } else if (PAGES.containsKey(path.substring(1))) {
                page(request, response, path.substring(1));
            } else {
                text(response, 404, "no such page: /console" + path);
            }
        } catch (RuntimeException e) {
            LOG.error("console failed answering {} {}", method, request.getRequestURI(), e);
            text(response, 500, "internal error");
        }
    }

    private void page(HttpServletRequest request, HttpServletResponse response, String page) throws IOException {
        Optional<ConsoleSessions.Session> session = current(request);
        if (session.isEmpty()) {
            redirect(response, "/console/login?next=" + page);
            return;
        }
        String shell = read(RESOURCES + "page.html");
        ConsoleSessions.Session s = session.get();
        // Only fixed page names, the role, a token label and a base64url token are substituted:
        // nothing from the request reaches the document.
        String html = shell.replace("{{page}}", page)
                .replace("{{title}}", PAGES.get(page))
                .replace("{{role}}", s.principal().role().wireName())
                .replace("{{label}}", escape(s.principal().label()))
                .replace("{{csrf}}", s.csrfToken());
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(TYPES.get("html"));
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    private void session(HttpServletRequest request, HttpServletResponse response, String method) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        switch (method) {
            case "POST" -> signIn(request, response);
            case "GET", "HEAD" -> {
                Optional<ConsoleSessions.Session> s = current(request);
                if (s.isEmpty()) {
                    json(response, 401, JsonOutput.error("not signed in", "session"));
                } else {
                    json(response, 200, describe(s.get()));
                }
            }
            case "DELETE" -> {
                Optional<ConsoleSessions.Session> s = current(request);
                if (s.isPresent() && !ConsoleSessions.csrfMatches(s.get(), request.getHeader(ConsoleSessions.CSRF_HEADER))) {
                    json(response, 403, JsonOutput.error("signing out needs the session's CSRF token in "
                            + ConsoleSessions.CSRF_HEADER, "csrf"));
                    return;
                }
                s.ifPresent(session -> sessions.signOut(session.id()));
                response.addHeader("Set-Cookie", cookie("", request.isSecure(), true));
                response.setStatus(204);
            }
            default -> {
                response.setHeader("Allow", "GET, POST, DELETE");
                json(response, 405, JsonOutput.error(method + " is not supported here", "method"));
            }
        }
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // A cross-site page cannot send JSON without a CORS preflight, which this servlet never
        // grants; browsers that say where a request comes from are also checked directly.
        String site = request.getHeader("Sec-Fetch-Site");
        String type = request.getContentType();
        if ("cross-site".equals(site) || type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            json(response, 403, JsonOutput.error("sign in from the console page (a JSON request from this site)",
                    "origin"));
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_SIGN_IN_BYTES + 1);
        if (body.length > MAX_SIGN_IN_BYTES) {
            json(response, 413, JsonOutput.error("the body is larger than " + MAX_SIGN_IN_BYTES + " bytes", "body"));
            return;
        }
        String token;
        try {
            token = JsonInput.parse(body, in -> {
                String t = null;
                in.beginObject();
                while (in.hasNext()) {
                    if (in.nextName().equals("token")) {
                        t = in.string();
                    } else {
                        in.skipValue();
                    }
                }
                in.endObject();
                return t;
            });
        } catch (learning.api.ValidationException e) {
            json(response, 400, JsonOutput.error(e.getMessage(), e.field()));
            return;
        }
        if (token == null || token.isBlank()) {
            json(response, 400, JsonOutput.error("is required: a viewer or operator token", "token"));
            return;
        }
        Optional<ConsoleSessions.Session> session = sessions.signIn(token);
        if (session.isEmpty()) {
            LOG.info("console sign-in refused: unknown token (from {})", request.getRemoteAddr());
            json(response, 401, JsonOutput.error("unknown token", "token"));
            return;
        }
        ConsoleSessions.Session s = session.get();
        LOG.info("console sign-in: {} ({})", s.principal().label(), s.principal().role().wireName());
        response.addHeader("Set-Cookie", cookie(s.id(), request.isSecure(), false));
        json(response, 201, describe(s));
    }

    private String describe(ConsoleSessions.Session s) {
        return JsonOutput.write(out -> {
            out.beginObject();
            out.name("role").value(s.principal().role().wireName());
            out.name("label").value(s.principal().label());
            out.name("csrf_token").value(s.csrfToken());
            JsonOutput.instant(out, "expires_at", sessions.expiresAt(s));
            out.name("idle_timeout_seconds").value(sessions.idleTimeout().toSeconds());
            out.endObject();
        });
    }

    private Optional<ConsoleSessions.Session> current(HttpServletRequest request) {
        return Cookies.value(request.getHeader("Cookie"), ConsoleSessions.COOKIE).flatMap(sessions::find);
    }

    /** The session cookie: HttpOnly, SameSite=Strict, path /, Secure over HTTPS; no Max-Age (ends with the browser). */
    static String cookie(String value, boolean secure, boolean expire) {
        StringBuilder b = new StringBuilder(ConsoleSessions.COOKIE).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=Strict");
        if (secure) {
            b.append("; Secure");
        }
        if (expire) {
            b.append("; Max-Age=0");
        }
        return b.toString();
    }

    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    }

    private void resource(HttpServletResponse response, String name, boolean noStore) throws IOException {
        URL url = getClass().getClassLoader().getResource(name);
        if (url == null) {
            text(response, 404, "not found");
            return;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        byte[] bytes;
        try (InputStream in = url.openStream()) {
            bytes = in.readAllBytes();
        }
        response.setStatus(200);
        response.setContentType(TYPES.getOrDefault(ext, "text/plain;charset=utf-8"));
        response.setHeader("Cache-Control", noStore ? "no-store" : "no-cache");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    private String read(String name) throws IOException {
        URL url = getClass().getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("the bundle lacks " + name);
        }
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setStatus(302);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(0);
    }

    private static void json(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    private static void text(HttpServletResponse response, int status, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
