package learning.console.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import learning.api.ServiceProperties;
import learning.api.attribution.OutcomeAttributor;
import learning.api.corpus.CorpusService;
import learning.api.forecast.OutcomeHistory;
import learning.api.forecast.PerformanceAggregator;
import learning.api.karma.KarmaService;
import learning.api.weights.WeightService;
import learning.api.event.EventLog;
import learning.api.ledger.InputLedger;
import learning.api.meta.MetaProducer;
import learning.api.store.LearningDatabase;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.api.ApiRouter;
import learning.console.internal.auth.OperatorTokenProvisioner;
import learning.console.internal.auth.Role;
import learning.console.internal.auth.TokenAuthenticator;
import learning.console.internal.auth.TokenAuthenticator.KnownToken;
import learning.console.internal.auth.TokenTable;
import learning.console.internal.web.ApiSessionGate;
import learning.console.internal.web.ConsoleSessions;

/**
 * REST API v1 at {@code /api/v1/*}, and {@code /metrics}. On first activation it creates the operator token (see
 * {@link OperatorTokenProvisioner}); token lists and the body limit can change live.
 */
@Component(service = Servlet.class, immediate = true, configurationPid = ApiServlet.PID)
@Designate(ocd = ApiServlet.Config.class)
@HttpWhiteboardServletName(ApiServlet.SERVLET_NAME)
@HttpWhiteboardServletPattern({"/api/v1/*", "/metrics"})
public class ApiServlet extends HttpServlet {
    /** The configuration PID of the console. */
    public static final String PID = "learning.console";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    /** The whiteboard name of this servlet; readiness waits until the whiteboard serves it. */
    static final String SERVLET_NAME = "learning.console.api";

    /** The console's configuration. */
    @ObjectClassDefinition(name = "Learning engine console",
            description = "REST API v1 of the learning engine: tokens and request limits.")
    public @interface Config {
        /**
         * @return tokens that may read: plain tokens or sha256:&lt;hex&gt;
         */
        @AttributeDefinition(name = "Viewer tokens", type = AttributeType.PASSWORD, required = false,
                description = "Bearer tokens that may read everything (GET). Each is a token in plain text, "
                        + "or sha256: followed by the 64 hex digits of its SHA-256, which keeps the token out of the configuration.")
        String[] viewer_tokens() default {};

        /**
         * @return tokens that may also write, in addition to the generated operator token
         */
        @AttributeDefinition(name = "Operator tokens", type = AttributeType.PASSWORD, required = false,
                description = "Additional bearer tokens that may also change state (POST, PUT, DELETE), "
                        + "besides the token generated on first start. Plain, or sha256:<hex>.")
        String[] operator_tokens() default {};

        /**
         * @return the largest accepted request body in bytes
         */
        @AttributeDefinition(name = "Largest request body (bytes)", min = "1024",
                description = "Requests with a larger body are refused with 413.")
        long max_body_bytes() default 8L * 1024 * 1024;

        /**
         * @return minutes after which an unused console session ends
         */
        @AttributeDefinition(name = "Console session idle timeout (minutes)", min = "1",
                description = "A signed-in browser session that is not used for this long ends; the operator signs in again.")
        int session_idle_minutes() default 30;

        /**
         * @return hours after which a console session ends, used or not
         */
        @AttributeDefinition(name = "Console session lifetime (hours)", min = "1",
                description = "A signed-in browser session ends this long after sign-in, however busy.")
        int session_max_hours() default 12;
    }

    private final transient ApiServices services;
    private final transient List<KnownToken> storedTokens;
    private final transient ConsoleSessions sessions;
    private transient volatile ApiRouter router;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile OutcomeAttributor attributor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile KarmaService karma;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile CorpusService corpus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile WeightService weights;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile OutcomeHistory outcomes;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile PerformanceAggregator performance;

    /** The live meta-producer: the best-ranked one, or the one {@code meta.target} in this configuration names. */
    @Reference(name = "meta", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile MetaProducer meta;

    /**
     * @param context the bundle context
     * @param config the configuration
     * @param ledger the input ledger
     * @param events the event log
     * @param database the database, for the token table
     * @param sessions the console's browser sessions, which accept the same tokens
     */
    @Activate
    public ApiServlet(BundleContext context, Config config, @Reference InputLedger ledger, @Reference EventLog events,
            @Reference LearningDatabase database, @Reference ConsoleSessions sessions) {
        this.sessions = sessions;
        this.services = new ApiServices(ledger, events, () -> attributor, () -> karma, () -> corpus, () -> weights,
                () -> outcomes, () -> performance, context, () -> meta);
        TokenTable table = new TokenTable(database);
        table.migrate();
        Path home = home(context);
        new OperatorTokenProvisioner(table, new SecureRandom(), Clock.systemUTC()).ensureOperatorToken(home)
                .ifPresent(ApiServlet::announceOperatorToken);
        this.storedTokens = table.all();
        configure(config);
    }

    /**
     * Tells the operator, once, the token that was just generated (DESIGN section 2: file and log).
     * Later starts log nothing: the token is not stored anywhere but in that file.
     */
    private static void announceOperatorToken(Path file) {
        String token;
        try {
            token = java.nio.file.Files.readString(file).trim();
        } catch (java.io.IOException e) {
            token = "(unreadable: " + e.getMessage() + ")";
        }
        LOG.info("new operator token {} written to {} (mode 0600; only its SHA-256 is stored); "
                + "send it as Authorization: Bearer <token>", token, file);
    }

    /**
     * @param config the changed configuration
     */
    @Modified
    void modified(Config config) {
        configure(config);
    }

    private void configure(Config config) {
        List<String> rejected = new ArrayList<>();
        List<KnownToken> tokens = new ArrayList<>(storedTokens);
        List<KnownToken> operators = TokenAuthenticator.configured(Role.OPERATOR, config.operator_tokens(), rejected);
        List<KnownToken> viewers = TokenAuthenticator.configured(Role.VIEWER, config.viewer_tokens(), rejected);
        tokens.addAll(operators);
        tokens.addAll(viewers);
        rejected.forEach(problem -> LOG.warn("configuration {}: {}; the entry is ignored", PID, problem));
        long maxBody = Math.max(1024, config.max_body_bytes());
        TokenAuthenticator authenticator = new TokenAuthenticator(tokens);
        this.router = ApiV1.router(services, authenticator, maxBody);
        sessions.configure(authenticator, Duration.ofMinutes(Math.max(1, config.session_idle_minutes())),
                Duration.ofHours(Math.max(1, config.session_max_hours())));
        LOG.info("console API at /api/v1: {} stored token(s), {} configured operator token(s), "
                + "{} viewer token(s), max.body.bytes={}", storedTokens.size(), operators.size(), viewers.size(), maxBody);
    }

    static Path home(BundleContext context) {
        String home = context.getProperty(ServiceProperties.HOME);
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.dir");
        }
        return Path.of(home).toAbsolutePath();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiRouter current = router;
        ApiResponse answer;
        try {
            byte[] body = RequestBodies.read(request, current.maxBodyBytes());
            answer = ApiSessionGate.handle(current, sessions, request.getMethod(), path(request),
                    request.getQueryString(), headers(request), body);
        } catch (RequestBodies.TooLarge e) {
            answer = ApiResponse.error(413, "the body is larger than " + current.maxBodyBytes() + " bytes", "body");
        } catch (IOException e) {
            answer = ApiResponse.error(400, "the request body could not be read", "body");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure answering {} {}", request.getMethod(), request.getRequestURI(), e);
            answer = ApiResponse.error(500, "internal error", null);
        }
        HttpAnswers.send(response, answer, !"HEAD".equals(request.getMethod()));
    }

    /**
     * The route: the path below {@code /api/v1}, or {@code /metrics} for the scrape endpoint, which
     * Prometheus expects at the root (it is also served at {@code /api/v1/metrics}).
     */
    private static String path(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info != null ? info : "/metrics".equals(request.getServletPath()) ? "/metrics" : null;
    }

    private static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.putIfAbsent(name, request.getHeader(name));
        }
        return headers;
    }
}
