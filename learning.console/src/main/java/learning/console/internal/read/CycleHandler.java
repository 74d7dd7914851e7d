package learning.console.internal.read;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

import com.google.gson.Gson;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import learning.api.ServiceProperties;
import learning.api.cycle.CycleReport;
import learning.api.cycle.CycleRunner;
import learning.api.cycle.CycleStatus;
import learning.api.cycle.LearningCycle;
import learning.api.NotFoundException;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonOutput;
import learning.console.internal.validation.Check;

/**
 * {@code POST /cycles/{name}/run?as_of=}: runs a cycle now for an explicit instant (default now)
 * and answers its report. The loop's {@link CycleRunner} runs it when installed (it records the run
 * and never runs a cycle twice at once); otherwise the best-ranked {@link LearningCycle} of that
 * name is called directly. The services are looked up per request, so a swapped implementation is
 * used at once.
 */
public final class CycleHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CycleHandler.class);
    private static final Gson GSON = new Gson();
    private final BundleContext context;

    /**
     * @param context the console bundle's context
     */
    public CycleHandler(BundleContext context) {
        this.context = context;
    }

    /**
     * @param request with path parameter {@code name} and optional {@code as_of}
     * @return 200 with the report, 404 when no such cycle is installed, 409 when it is already
     *         running, 500 when it failed (with the report)
     */
    public ApiResponse run(ApiRequest request) {
        String name = Check.text("name", request.pathParameter("name"), 64);
        Instant asOf = ReadParameters.asOf(request.query());
        CycleReport report = viaRunner(name, asOf).orElseGet(() -> direct(name, asOf));
        int status = switch (report.status()) {
            case SUCCEEDED -> 200;
            case SKIPPED -> 409;
            case FAILED -> 500;
        };
        return ApiResponse.json(status, JsonOutput.write(out -> {
            out.beginObject();
            out.name("cycle").value(report.cycle());
            JsonOutput.instant(out, "as_of", report.asOf());
            JsonOutput.instant(out, "started_at", report.startedAt());
            JsonOutput.instant(out, "ended_at", report.endedAt());
            out.name("status").value(report.status().wireName());
            out.name("counts");
            GSON.toJson(GSON.toJsonTree(report.counts() == null ? Map.of() : report.counts()), out);
            out.name("error").value(report.error());
            out.endObject();
        }));
    }

    private Optional<CycleReport> viaRunner(String name, Instant asOf) {
        ServiceReference<CycleRunner> ref = context.getServiceReference(CycleRunner.class);
        if (ref == null) {
            return Optional.empty();
        }
        CycleRunner runner = context.getService(ref);
        if (runner == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(runner.run(name, asOf));
        } finally {
            context.ungetService(ref);
        }
    }

    private CycleReport direct(String name, Instant asOf) {
        ServiceReference<LearningCycle> ref = best(name)
                .orElseThrow(() -> new NotFoundException("name", "no cycle named '" + name + "' is installed"));
        LearningCycle cycle = context.getService(ref);
        if (cycle == null) {
            throw new NotFoundException("name", "the cycle '" + name + "' went away");
        }
        Instant started = Instant.now();
        try {
            Map<String, Object> counts = cycle.run(asOf);
            return new CycleReport(name, asOf, started, Instant.now(), CycleStatus.SUCCEEDED, counts, null);
        } catch (RuntimeException e) {
            LOG.warn("cycle {} at {} failed", name, asOf, e);
            return new CycleReport(name, asOf, started, Instant.now(), CycleStatus.FAILED, Map.of(),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            context.ungetService(ref);
        }
    }

    private Optional<ServiceReference<LearningCycle>> best(String name) {
        try {
            return context.getServiceReferences(LearningCycle.class,
                    "(" + ServiceProperties.CYCLE_NAME + "=" + escape(name) + ")").stream()
                    .max(Comparator.naturalOrder());
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
    }

    /** Escapes the characters an LDAP filter value must not carry raw. */
    private static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (Arrays.asList('\\', '*', '(', ')').contains(c)) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
