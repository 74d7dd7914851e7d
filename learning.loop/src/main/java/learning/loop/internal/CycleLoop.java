package learning.loop.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import learning.api.NotFoundException;
import learning.api.cycle.CycleNames;
import learning.api.cycle.CycleReport;
import learning.api.cycle.CycleRunner;
import learning.api.cycle.CycleScheduler;
import learning.api.cycle.CycleStatus;
import learning.api.cycle.LearningCycle;
import learning.api.event.EventLog;
import learning.api.store.LearningDatabase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cycles by name, never the same cycle twice at once, records every run, and keeps the
 * cadence. Cycles are looked up at every run, so a swapped implementation serves the next run.
 * A failing step of a chain is recorded and the next steps still run.
 */
public class CycleLoop implements CycleRunner, CycleScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(CycleLoop.class);

    /** The order of a full cycle: outcomes first, then what learns from them. */
    static final List<String> FULL_ORDER = List.of(CycleNames.ATTRIBUTION, CycleNames.KARMA, CycleNames.CORPUS,
            CycleNames.RESOLVE, CycleNames.AGGREGATE, CycleNames.META, CycleNames.WEIGHTS);

    /** Finds the best-ranked cycle of a name among the installed ones. */
    public interface Cycles {
        /**
         * @param name a cycle name
         * @return the cycle, if one is installed
         */
        Optional<LearningCycle> find(String name);
    }

    /**
     * A schedule: cycles run one after the other every {@code period}.
     *
     * @param name the schedule's name
     * @param cycles the cycles, in order
     * @param period how often
     */
    public record Schedule(String name, List<String> cycles, Duration period) {
    }

    private final Cycles cycles;
    private final CycleRuns runs;
    private final Clock wallClock;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();
    private volatile List<Schedule> schedules;

    /**
     * @param db the database (table {@code cycle_runs})
     * @param events the event log ({@code learning.report.v1})
     * @param cycles the installed cycles, or null when {@link #cycles()} is overridden
     * @param schedules the cadence
     * @param wallClock measures how long runs take
     */
    public CycleLoop(LearningDatabase db, EventLog events, Cycles cycles, List<Schedule> schedules, Clock wallClock) {
        this.cycles = cycles;
        this.runs = new CycleRuns(db, events);
        this.schedules = List.copyOf(schedules);
        this.wallClock = wallClock;
    }

    /** @return the installed cycles; a subclass that tracks them in the service registry overrides this */
    Cycles cycles() {
        return cycles;
    }

    void schedules(List<Schedule> newSchedules) {
        this.schedules = List.copyOf(newSchedules);
    }

    @Override
    public CycleReport run(String cycle, Instant asOf) {
        if (CycleNames.FULL.equals(cycle)) {
            return full(asOf);
        }
        LearningCycle c = cycles().find(cycle)
                .orElseThrow(() -> new NotFoundException("name", "no cycle named '" + cycle + "' is installed"));
        return runOne(cycle, c, asOf);
    }

    private CycleReport runOne(String name, LearningCycle cycle, Instant asOf) {
        ReentrantLock lock = running.computeIfAbsent(name, n -> new ReentrantLock());
        Instant started = wallClock.instant();
        if (!lock.tryLock()) {
            CycleReport skipped = new CycleReport(name, asOf, started, started, CycleStatus.SKIPPED, Map.of(),
                    "the " + name + " cycle is already running");
            runs.record(skipped);
            return skipped;
        }
        CycleReport report;
        try {
            Map<String, Object> counts = cycle.run(asOf);
            report = new CycleReport(name, asOf, started, wallClock.instant(), CycleStatus.SUCCEEDED,
                    counts == null ? Map.of() : counts, null);
        } catch (RuntimeException e) {
            LOG.warn("cycle {} at {} failed", name, asOf, e);
            report = new CycleReport(name, asOf, started, wallClock.instant(), CycleStatus.FAILED, Map.of(),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            lock.unlock();
        }
        runs.record(report);
        return report;
    }

    private CycleReport full(Instant asOf) {
        ReentrantLock lock = running.computeIfAbsent(CycleNames.FULL, n -> new ReentrantLock());
        Instant started = wallClock.instant();
        if (!lock.tryLock()) {
            CycleReport skipped = new CycleReport(CycleNames.FULL, asOf, started, started, CycleStatus.SKIPPED,
                    Map.of(), "the full cycle is already running");
            runs.record(skipped);
            return skipped;
        }
        Map<String, Object> steps = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        try {
            for (String name : FULL_ORDER) {
                Optional<LearningCycle> c = cycles().find(name);
                if (c.isEmpty()) {
                    steps.put(name, Map.of("status", "not installed"));
                    continue;
                }
                CycleReport step = runOne(name, c.get(), asOf);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("status", step.status().wireName());
                entry.put("counts", step.counts());
                if (step.error() != null) {
                    entry.put("error", step.error());
                    failed.add(name);
                }
                steps.put(name, entry);
            }
        } finally {
            lock.unlock();
        }
        CycleReport report = new CycleReport(CycleNames.FULL, asOf, started, wallClock.instant(),
                failed.isEmpty() ? CycleStatus.SUCCEEDED : CycleStatus.FAILED, steps,
                failed.isEmpty() ? null : "failed steps: " + String.join(", ", failed));
        runs.record(report);
        return report;
    }

    @Override
    public List<CycleReport> recentRuns(int limit) {
        return runs.recent(limit);
    }

    @Override
    public List<CycleReport> recentRuns(String cycle, int limit) {
        return runs.recent(cycle, limit);
    }

    @Override
    public List<CycleReport> tick(Instant now) {
        List<CycleReport> out = new ArrayList<>();
        for (Schedule s : schedules) {
            if (now.isBefore(nextRun(s))) {
                continue;
            }
            for (String name : s.cycles()) {
                Optional<LearningCycle> c = cycles().find(name);
                if (c.isPresent()) {
                    out.add(runOne(name, c.get(), now));
                }
            }
        }
        return out;
    }

    @Override
    public Map<String, Instant> nextRuns() {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (Schedule s : schedules) {
            out.put(s.name(), nextRun(s));
        }
        return out;
    }

    @Override
    public Map<String, List<String>> scheduledCycles() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Schedule s : schedules) {
            out.put(s.name(), s.cycles());
        }
        return out;
    }

    @Override
    public boolean scheduleEnabled() {
        return true;
    }

    /** Due one period after the schedule's first cycle last ran; due at once when it never ran. */
    private Instant nextRun(Schedule s) {
        return runs.lastRun(s.cycles().get(0)).map(t -> t.plus(s.period())).orElse(Instant.MIN);
    }
}
