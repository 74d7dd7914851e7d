package learning.console.internal;

import java.io.IOException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import learning.api.store.LearningDatabase;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.health.HealthJson;
import learning.console.internal.health.NotReady;
import learning.console.internal.health.ReadinessCheck;
import learning.console.internal.health.ServedServlets;

/**
 * {@code GET /health/live} and {@code GET /health/ready}, without authentication, for process
 * supervisors and load balancers. It depends on the database only optionally, so liveness answers
 * even while the store is down.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletName("learning.console.health")
@HttpWhiteboardServletPattern("/health/*")
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HealthServlet.class);

    private final transient ReadinessCheck readiness;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile LearningDatabase database;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile HttpServiceRuntime httpRuntime;

    /**
     * @param context the bundle context
     * @param runtime the component runtime, whose DTOs tell which components are satisfied
     */
    @Activate
    public HealthServlet(BundleContext context, @Reference ServiceComponentRuntime runtime) {
        this.readiness = new ReadinessCheck(context, runtime);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        ApiResponse answer;
        try {
            answer = answer(method, path);
        } catch (RuntimeException e) {
            LOG.error("health check failed", e);
            answer = ApiResponse.error(500, "internal error", null);
        }
        HttpAnswers.send(response, answer, !"HEAD".equals(method));
    }

    private ApiResponse answer(String method, String path) {
        boolean live = "/live".equals(path);
        boolean ready = "/ready".equals(path);
        if (!live && !ready) {
            return ApiResponse.error(404, "no such endpoint: /health" + path, "path");
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return ApiResponse.error(405, method + " is not supported here; use GET", "method")
                    .withHeader("Allow", "GET, HEAD");
        }
        if (live) {
            return ApiResponse.json(200, HealthJson.live());
        }
        ReadinessCheck.Report report = readiness.check(database);
        if (!ServedServlets.serves(httpRuntime, ApiServlet.SERVLET_NAME)) {
            report = report.with(new NotReady("learning.console", ApiServlet.SERVLET_NAME, "not served",
                    "the HTTP whiteboard does not serve /api/v1/* yet"));
        }
        return ApiResponse.json(report.ready() ? 200 : 503, HealthJson.ready(report));
    }
}
