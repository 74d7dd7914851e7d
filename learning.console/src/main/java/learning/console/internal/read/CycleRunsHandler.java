package learning.console.internal.read;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.google.gson.Gson;
import com.google.gson.stream.JsonWriter;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import learning.api.ServiceProperties;
import learning.api.cycle.CycleNames;
import learning.api.cycle.CycleReport;
import learning.api.cycle.CycleRunner;
import learning.api.cycle.CycleScheduler;
import learning.api.cycle.CycleStatus;
import learning.api.cycle.LearningCycle;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonOutput;

/**
 * {@code GET /cycles}: each cycle's last run and next run, the schedules, and the recent failed
 * runs, from the loop's {@link CycleRunner} (table {@code cycle_runs}) and {@link CycleScheduler}.
 */
public final class CycleRunsHandler {
    /** Cycles in the order the full cycle runs them; installed cycles with other names follow. */
    private static final List<String> KNOWN = List.of(CycleNames.ATTRIBUTION, CycleNames.KARMA, CycleNames.CORPUS,
            CycleNames.RESOLVE, CycleNames.AGGREGATE, CycleNames.META, CycleNames.WEIGHTS, CycleNames.FULL);
    /** Failed runs listed at most. */
    static final int RECENT_ERRORS = 20;
    /** Runs looked through for failures. */
    private static final int ERROR_SCAN = 2_000;
    private static final Gson GSON = new Gson();

    private final BundleContext context;

    /**
     * @param context the console bundle's context (null: the loop is never found)
     */
    public CycleRunsHandler(BundleContext context) {
        this.context = context;
    }

    /**
     * @param request the request
     * @return 200 with {@code {"schedule_enabled","cycles":[...],"schedules":[...],"recent_errors":[...]}};
     *         503 when the loop is not running
     */
    public ApiResponse list(ApiRequest request) {
        return withLoop((runner, scheduler) -> answer(runner, scheduler, Instant.now()));
    }

    private ApiResponse answer(CycleRunner runner, CycleScheduler scheduler, Instant now) {
        Map<String, Instant> next = scheduler == null ? Map.of() : scheduler.nextRuns();
        Map<String, List<String>> scheduled = scheduler == null ? Map.of() : scheduler.scheduledCycles();
        boolean enabled = scheduler != null && scheduler.scheduleEnabled();
        Map<String, String> scheduleOf = new LinkedHashMap<>();
        scheduled.forEach((schedule, cycles) -> cycles.forEach(c -> scheduleOf.putIfAbsent(c, schedule)));
        Set<String> installed = installedCycles();
        Set<String> names = new LinkedHashSet<>(KNOWN);
        names.addAll(installed);
        names.addAll(scheduleOf.keySet());
        List<CycleReport> failures = new ArrayList<>();
        for (CycleReport r : runner.recentRuns(ERROR_SCAN)) {
            if (r.status() == CycleStatus.FAILED && failures.size() < RECENT_ERRORS) {
                failures.add(r);
            }
        }
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            out.name("schedule_enabled").value(enabled);
            JsonOutput.instant(out, "now", now);
            out.name("cycles").beginArray();
            for (String name : names) {
                List<CycleReport> runs = runner.recentRuns(name, 50);
                CycleReport last = runs.stream().filter(r -> r.status() != CycleStatus.SKIPPED).findFirst()
                        .orElse(runs.isEmpty() ? null : runs.get(0));
                CycleReport lastSuccess = runs.stream().filter(r -> r.status() == CycleStatus.SUCCEEDED)
                        .findFirst().orElse(null);
                String schedule = scheduleOf.get(name);
                out.beginObject();
                out.name("cycle").value(name);
                out.name("installed").value(installed.contains(name) || CycleNames.FULL.equals(name));
                out.name("schedule").value(schedule);
                nextRun(out, enabled && schedule != null ? next.get(schedule) : null, now);
                out.name("last_run");
                report(out, last);
                JsonOutput.instant(out, "last_success_at", lastSuccess == null ? null : lastSuccess.endedAt());
                out.endObject();
            }
            out.endArray();
            out.name("schedules").beginArray();
            for (Map.Entry<String, List<String>> s : scheduled.entrySet()) {
                out.beginObject();
                out.name("name").value(s.getKey());
                out.name("cycles").beginArray();
                for (String c : s.getValue()) {
                    out.value(c);
                }
                out.endArray();
                nextRun(out, enabled ? next.get(s.getKey()) : null, now);
                out.endObject();
            }
            out.endArray();
            out.name("recent_errors").beginArray();
            for (CycleReport r : failures) {
                report(out, r);
            }
            out.endArray();
            out.endObject();
        }));
    }

    /** {@code next_run}: null when not scheduled; a due schedule (never ran, or overdue) runs at the next tick. */
    private static void nextRun(JsonWriter out, Instant next, Instant now) throws IOException {
        boolean due = next != null && !next.isAfter(now);
        JsonOutput.instant(out, "next_run", next == null ? null : due ? now : next);
        out.name("due").value(due);
    }

    static void report(JsonWriter out, CycleReport r) throws IOException {
        if (r == null) {
            out.nullValue();
            return;
        }
        out.beginObject();
        out.name("cycle").value(r.cycle());
        JsonOutput.instant(out, "as_of", r.asOf());
        JsonOutput.instant(out, "started_at", r.startedAt());
        JsonOutput.instant(out, "ended_at", r.endedAt());
        out.name("status").value(r.status().wireName());
        out.name("counts");
        GSON.toJson(GSON.toJsonTree(r.counts() == null ? Map.of() : r.counts()), out);
        out.name("error").value(r.error());
        out.endObject();
    }

    private Set<String> installedCycles() {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (ServiceReference<LearningCycle> ref : context.getServiceReferences(LearningCycle.class, null)) {
                if (ref.getProperty(ServiceProperties.CYCLE_NAME) instanceof String name) {
                    names.add(name);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("a null filter is always valid", e);
        }
        return names;
    }

    /** Work with the loop's runner and scheduler, got and released around one request. */
    interface LoopWork {
        ApiResponse apply(CycleRunner runner, CycleScheduler scheduler);
    }

    ApiResponse withLoop(LoopWork work) {
        if (context == null) {
            return ServiceUnavailable.answer("the learning loop");
        }
        return using(CycleRunner.class, runner -> runner == null ? ServiceUnavailable.answer("the learning loop")
                : using(CycleScheduler.class, scheduler -> work.apply(runner, scheduler)));
    }

    private <S> ApiResponse using(Class<S> type, Function<S, ApiResponse> work) {
        ServiceReference<S> ref = context.getServiceReference(type);
        S service = ref == null ? null : context.getService(ref);
        try {
            return work.apply(service);
        } finally {
            if (service != null) {
                context.ungetService(ref);
            }
        }
    }
}
