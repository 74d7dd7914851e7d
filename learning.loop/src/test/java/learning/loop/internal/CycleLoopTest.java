package learning.loop.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import learning.api.NotFoundException;
import learning.api.cycle.CycleNames;
import learning.api.cycle.CycleReport;
import learning.api.cycle.CycleStatus;
import learning.api.cycle.LearningCycle;
import learning.api.event.EventTypes;
import learning.store.internal.Store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CycleLoopTest {
    static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");
    Store store;
    final Map<String, LearningCycle> installed = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    CycleLoop loop;

    @BeforeEach
    void open() {
        store = Store.open("jdbc:hsqldb:mem:loop-" + UUID.randomUUID());
        for (String name : CycleLoop.FULL_ORDER) {
            install(name, asOf -> Map.of("as_of", asOf.toString()));
        }
        loop = new CycleLoop(store.database(), store.events(), name -> Optional.ofNullable(installed.get(name)),
                List.of(new CycleLoop.Schedule("resolve", List.of(CycleNames.RESOLVE, CycleNames.AGGREGATE,
                        CycleNames.META), Duration.ofMinutes(30)),
                        new CycleLoop.Schedule("sweep", List.of(CycleNames.ATTRIBUTION, CycleNames.KARMA),
                                Duration.ofDays(1)),
                        new CycleLoop.Schedule("corpus", List.of(CycleNames.CORPUS), Duration.ofDays(1)),
                        new CycleLoop.Schedule("weights", List.of(CycleNames.WEIGHTS), Duration.ofDays(7))),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    void install(String name, LearningCycle cycle) {
        calls.put(name, new AtomicInteger());
        installed.put(name, asOf -> {
            calls.get(name).incrementAndGet();
            return cycle.run(asOf);
        });
    }

    @Test
    void aSimulatedDayRuns48ResolverCyclesEachFollowedByTheAggregatorAndOneDailySweep() {
        for (int i = 0; i < 48; i++) {
            loop.tick(DAY.plus(Duration.ofMinutes(30L * i)));
        }
        assertEquals(48, calls.get(CycleNames.RESOLVE).get());
        assertEquals(48, calls.get(CycleNames.AGGREGATE).get());
        assertEquals(48, calls.get(CycleNames.META).get());
        assertEquals(1, calls.get(CycleNames.ATTRIBUTION).get());
        assertEquals(1, calls.get(CycleNames.KARMA).get());
        assertEquals(1, calls.get(CycleNames.CORPUS).get());
        assertEquals(1, calls.get(CycleNames.WEIGHTS).get());
        assertEquals(DAY.plus(Duration.ofDays(1)), loop.nextRuns().get("sweep"));
        // every run is recorded and reported
        assertEquals(48 * 3 + 4, store.events().count(EventTypes.LEARNING_REPORT));
    }

    @Test
    void aFailingStepIsRecordedAndTheNextStepsStillRun() {
        install(CycleNames.AGGREGATE, asOf -> {
            throw new IllegalStateException("aggregator broke");
        });
        List<CycleReport> reports = loop.tick(DAY);
        CycleReport aggregate = reports.stream().filter(r -> r.cycle().equals(CycleNames.AGGREGATE)).findFirst().orElseThrow();
        assertEquals(CycleStatus.FAILED, aggregate.status());
        assertTrue(aggregate.error().contains("aggregator broke"));
        assertEquals(1, calls.get(CycleNames.META).get(), "the step after the failing one still ran");
        CycleReport full = loop.run(CycleNames.FULL, DAY);
        assertEquals(CycleStatus.FAILED, full.status());
        assertEquals(2, calls.get(CycleNames.WEIGHTS).get(), "the full cycle ran the steps after the failure");
    }

    @Test
    void theSameCycleNeverRunsTwiceAtOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        install(CycleNames.RESOLVE, asOf -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<CycleReport> slow = pool.submit(() -> loop.run(CycleNames.RESOLVE, DAY));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        CycleReport second = loop.run(CycleNames.RESOLVE, DAY);
        assertEquals(CycleStatus.SKIPPED, second.status());
        release.countDown();
        assertEquals(CycleStatus.SUCCEEDED, slow.get().status());
        pool.shutdown();
        assertEquals(1, calls.get(CycleNames.RESOLVE).get());
    }

    @Test
    void aWeeklyCyclesLastRunIsFoundBehindAWeekOfResolverRuns() {
        for (int i = 0; i < 48 * 7; i++) {
            loop.tick(DAY.plus(Duration.ofMinutes(30L * i)));
        }
        assertTrue(loop.recentRuns(500).stream().noneMatch(r -> r.cycle().equals(CycleNames.WEIGHTS)),
                "the weights run is older than the last 500 runs");
        List<CycleReport> weights = loop.recentRuns(CycleNames.WEIGHTS, 5);
        assertEquals(1, weights.size());
        assertEquals(DAY, weights.get(0).asOf());
        assertEquals(List.of(CycleNames.RESOLVE, CycleNames.AGGREGATE, CycleNames.META),
                loop.scheduledCycles().get("resolve"));
        assertEquals(loop.nextRuns().keySet(), loop.scheduledCycles().keySet());
    }

    @Test
    void anUnknownCycleIsNotFound() {
        assertThrows(NotFoundException.class, () -> loop.run("nope", DAY));
    }

    @Test
    void theFullCycleReportsEveryStepAndIsRecorded() {
        installed.remove(CycleNames.META);
        CycleReport full = loop.run(CycleNames.FULL, DAY);
        assertEquals(CycleStatus.SUCCEEDED, full.status());
        assertEquals(Map.of("status", "not installed"), full.counts().get(CycleNames.META));
        assertEquals(CycleNames.FULL, loop.recentRuns(1).get(0).cycle());
    }
}
