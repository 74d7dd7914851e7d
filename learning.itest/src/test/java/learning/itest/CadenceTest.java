package learning.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import learning.api.ServiceProperties;
import learning.api.cycle.CycleNames;
import learning.api.cycle.CycleReport;
import learning.api.cycle.CycleRunner;
import learning.api.cycle.CycleScheduler;
import learning.api.cycle.CycleStatus;
import learning.api.cycle.LearningCycle;

/**
 * The loop's cadence in a real framework, driven by a manual clock: the scheduler is ticked with
 * simulated instants (the timer is off in this run, see {@code src/itest/config}). The real
 * resolver, aggregator, sweeps and corpus cycles run; a slow or failing cycle is a service of this
 * test registered above them by ranking. The days lie far ahead of every other test's instants,
 * because a schedule is due one period after its cycle last ran.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CadenceTest {
    private static final Instant DAY = Instant.parse("2040-01-01T00:00:00Z");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    CycleScheduler scheduler;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    CycleRunner runner;

    @Test
    @Order(1)
    void aDayOfSimulatedTimeRuns48ResolverCyclesEachFollowedByTheAggregatorAndOneSweepAndCorpusRun() {
        List<CycleReport> reports = new ArrayList<>();
        for (int k = 0; k < 48; k++) {
            reports.addAll(scheduler.tick(DAY.plus(Duration.ofMinutes(30L * k))));
        }
        // A tick between two due instants runs nothing.
        assertEquals(List.of(), scheduler.tick(DAY.plus(Duration.ofMinutes(30 * 47 + 10))));

        Map<String, Long> perCycle = reports.stream()
                .collect(Collectors.groupingBy(CycleReport::cycle, Collectors.counting()));
        assertEquals(48L, perCycle.get(CycleNames.RESOLVE), perCycle.toString());
        assertEquals(48L, perCycle.get(CycleNames.AGGREGATE), perCycle.toString());
        assertEquals(1L, perCycle.get(CycleNames.ATTRIBUTION), perCycle.toString());
        assertEquals(1L, perCycle.get(CycleNames.KARMA), perCycle.toString());
        assertEquals(1L, perCycle.get(CycleNames.CORPUS), perCycle.toString());
        assertTrue(reports.stream().allMatch(r -> r.status() == CycleStatus.SUCCEEDED),
                () -> "every run succeeded: " + reports);

        // The aggregator ran right after each resolver run, for the same instant.
        for (int i = 0; i < reports.size(); i++) {
            if (reports.get(i).cycle().equals(CycleNames.RESOLVE)) {
                CycleReport next = reports.get(i + 1);
                assertEquals(CycleNames.AGGREGATE, next.cycle());
                assertEquals(reports.get(i).asOf(), next.asOf());
                assertFalse(next.startedAt().isBefore(reports.get(i).endedAt()));
            }
        }
        // Each run is recorded, and the next runs are one period after the last.
        List<CycleReport> recorded = runner.recentRuns(500);
        assertTrue(recorded.stream().filter(r -> r.cycle().equals(CycleNames.RESOLVE)
                && !r.asOf().isBefore(DAY)).count() >= 48);
        Map<String, Instant> next = scheduler.nextRuns();
        assertEquals(DAY.plus(Duration.ofMinutes(30 * 48)), next.get("resolve"), next.toString());
        assertEquals(DAY.plus(Duration.ofDays(1)), next.get("sweep"), next.toString());
        assertEquals(DAY.plus(Duration.ofDays(1)), next.get("corpus"), next.toString());
    }

    @Test
    @Order(2)
    void aSlowCycleNeverOverlapsItself() throws Exception {
        Instant at = DAY.plus(Duration.ofDays(10));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LearningCycle slow = asOf -> {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            entered.countDown();
            try {
                assertTrue(release.await(Await.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inside.decrementAndGet();
            }
            return Map.of("slow", 1);
        };
        ServiceRegistration<LearningCycle> registration = register(CycleNames.AGGREGATE, slow);
        try {
            CompletableFuture<CycleReport> first = CompletableFuture
                    .supplyAsync(() -> runner.run(CycleNames.AGGREGATE, at));
            assertTrue(entered.await(Await.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS), "the slow run started");

            // While it runs, the scheduler's resolve chain comes due: resolve runs, aggregate is skipped.
            List<CycleReport> tick = scheduler.tick(at);
            CycleReport resolve = find(tick, CycleNames.RESOLVE);
            CycleReport aggregate = find(tick, CycleNames.AGGREGATE);
            assertEquals(CycleStatus.SUCCEEDED, resolve.status(), resolve.toString());
            assertEquals(CycleStatus.SKIPPED, aggregate.status(), aggregate.toString());
            assertTrue(aggregate.error().contains("already running"), aggregate.toString());
            CycleReport onDemand = runner.run(CycleNames.AGGREGATE, at);
            assertEquals(CycleStatus.SKIPPED, onDemand.status());

            release.countDown();
            assertEquals(CycleStatus.SUCCEEDED, first.get(Await.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).status());
            assertEquals(1, mostInside.get(), "never two runs of the same cycle at once");
            assertTrue(runner.recentRuns(50).stream().anyMatch(r -> r.cycle().equals(CycleNames.AGGREGATE)
                    && r.status() == CycleStatus.SKIPPED && r.asOf().equals(at)), "the skip is recorded");
        } finally {
            release.countDown();
            registration.unregister();
        }
    }

    @Test
    @Order(3)
    void aFailingStepIsRecordedAndTheNextStepsStillRun() {
        Instant at = DAY.plus(Duration.ofDays(20));
        ServiceRegistration<LearningCycle> registration = register(CycleNames.RESOLVE, asOf -> {
            throw new IllegalStateException("price source down for the test");
        });
        List<CycleReport> tick;
        try {
            tick = scheduler.tick(at);
        } finally {
            registration.unregister();
        }
        CycleReport resolve = find(tick, CycleNames.RESOLVE);
        assertEquals(CycleStatus.FAILED, resolve.status());
        assertTrue(resolve.error().contains("price source down for the test"), resolve.toString());
        assertEquals(CycleStatus.SUCCEEDED, find(tick, CycleNames.AGGREGATE).status(), tick.toString());

        CycleReport recorded = runner.recentRuns(50).stream()
                .filter(r -> r.cycle().equals(CycleNames.RESOLVE) && r.asOf().equals(at)).findFirst().orElse(null);
        assertNotNull(recorded, "the failed run is recorded");
        assertEquals(CycleStatus.FAILED, recorded.status());
        assertTrue(recorded.error().contains("price source down"), recorded.toString());

        // With the failing cycle gone, the real resolver serves the next tick.
        List<CycleReport> later = scheduler.tick(at.plus(Duration.ofMinutes(30)));
        assertEquals(CycleStatus.SUCCEEDED, find(later, CycleNames.RESOLVE).status(), later.toString());
    }

    private ServiceRegistration<LearningCycle> register(String name, LearningCycle cycle) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ServiceProperties.CYCLE_NAME, name);
        props.put(Constants.SERVICE_RANKING, 1000);
        return context.registerService(LearningCycle.class, cycle, props);
    }

    private static CycleReport find(List<CycleReport> reports, String cycle) {
        return reports.stream().filter(r -> r.cycle().equals(cycle)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + cycle + " run in " + reports));
    }
}
