package learning.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import learning.api.ConflictException;
import learning.api.event.AppendResult;
import learning.api.event.ChainVerification;
import learning.api.event.Event;
import learning.api.event.EventQuery;
import learning.api.event.NewEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventLogTest {
    private Store store;
    private ChainedEventLog log;

    @BeforeEach
    void open() {
        store = Store.open("jdbc:hsqldb:mem:events-" + UUID.randomUUID());
        log = store.events();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static NewEvent event(String key, String payload) {
        return new NewEvent("test.v1", Instant.parse("2026-01-05T10:00:00Z"), "test", key, payload);
    }

    @Test
    void sameDedupeKeyAndPayloadReturnsTheStoredEvent() {
        AppendResult first = log.append(event("k1", "{\"a\":1,\"b\":2}"));
        AppendResult again = log.append(event("k1", "{ \"b\" : 2, \"a\" : 1 }"));
        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals(first.event().id(), again.event().id());
        assertEquals(1, log.count(null));
    }

    @Test
    void aBatchMixingStoredAndNewKeysStoresOnlyTheNewOnesAndKeepsTheChain() {
        AppendResult first = log.append(event("k1", "{\"a\":1}"));
        List<AppendResult> r = log.appendAll(List.of(event("k2", "{\"b\":2}"), event("k1", "{ \"a\": 1 }"),
                event("k3", "{\"c\":3}"), event("k2", "{\"b\":2}")));
        assertEquals(List.of(true, false, true, false), r.stream().map(AppendResult::created).toList());
        assertEquals(first.event().id(), r.get(1).event().id());
        assertEquals(r.get(0).event().id(), r.get(3).event().id());
        assertEquals(2, r.get(0).event().sequence());
        assertEquals(3, r.get(2).event().sequence());
        assertEquals(3, log.count(null));
        assertTrue(log.verifyChain().valid());
        assertEquals(4, log.append(event("k4", "{}")).event().sequence());
        assertTrue(log.verifyChain().valid());
    }

    @Test
    void aBatchWithAStoredKeyOfAnotherPayloadStoresNothing() {
        log.append(event("k1", "{\"a\":1}"));
        assertThrows(ConflictException.class,
                () -> log.appendAll(List.of(event("k2", "{\"b\":2}"), event("k1", "{\"a\":2}"))));
        assertEquals(1, log.count(null));
        assertTrue(log.byDedupeKey("k2").isEmpty());
        assertEquals(2, log.append(event("k2", "{\"b\":2}")).event().sequence());
        assertTrue(log.verifyChain().valid());
    }

    @Test
    void sameDedupeKeyWithOtherPayloadIsAConflictAndTheOriginalStays() {
        AppendResult first = log.append(event("k1", "{\"a\":1}"));
        ConflictException e = assertThrows(ConflictException.class, () -> log.append(event("k1", "{\"a\":2}")));
        assertEquals("dedupe_key", e.field());
        assertEquals("{\"a\":1}", log.byDedupeKey("k1").orElseThrow().payload());
        assertEquals(first.event().id(), log.byDedupeKey("k1").orElseThrow().id());
        assertEquals(1, log.count(null));
    }

    @Test
    void aBatchWithOneConflictStoresNothing() {
        log.append(event("k1", "{\"a\":1}"));
        assertThrows(ConflictException.class, () -> log.appendAll(List.of(event("k2", "{}"), event("k3", "{}"),
                event("k1", "{\"a\":9}"))));
        assertEquals(1, log.count(null));
        assertTrue(log.byDedupeKey("k2").isEmpty());
        // the chain head did not move: the next append continues from event 1
        assertEquals(2, log.append(event("k4", "{}")).event().sequence());
        assertTrue(log.verifyChain().valid());
    }

    @Test
    void chainVerifiesOnAHealthyLogAndNamesTheFirstAlteredEvent() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(log.append(event(null, "{\"i\":" + i + "}")).event().id());
        }
        ChainVerification ok = log.verifyChain();
        assertTrue(ok.valid());
        assertEquals(50, ok.eventsChecked());
        assertNull(ok.firstBadSequence());

        store.database().inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE events SET payload = ? WHERE seq = 17")) {
                p.setString(1, "{\"i\":1000}");
                return p.executeUpdate();
            }
        });
        ChainVerification bad = log.verifyChain();
        assertFalse(bad.valid());
        assertEquals(17L, bad.firstBadSequence());
        assertEquals(ids.get(16), bad.firstBadEventId());
        assertEquals("hash does not match content", bad.problem());
    }

    @Test
    void aDeletedEventBreaksTheChainAtTheGap() {
        for (int i = 0; i < 5; i++) {
            log.append(event(null, "{}"));
        }
        store.database().inTransaction(c -> c.createStatement().executeUpdate("DELETE FROM events WHERE seq = 3"));
        ChainVerification bad = log.verifyChain();
        assertFalse(bad.valid());
        assertEquals(4L, bad.firstBadSequence());
    }

    @Test
    void concurrentAppendsKeepOneLinearChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    log.append(event("t" + thread + ":" + i, "{\"i\":" + i + "}"));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(400, log.count(null));
        assertTrue(log.verifyChain().valid());
    }

    @Test
    void queryAnswersNewestFirstFilteredByTypeAndSince() {
        log.append(new NewEvent("a.v1", Instant.parse("2026-01-01T00:00:00Z"), "t", null, "{}"));
        log.append(new NewEvent("b.v1", Instant.parse("2026-01-02T00:00:00Z"), "t", null, "{}"));
        log.append(new NewEvent("a.v1", Instant.parse("2026-01-03T00:00:00Z"), "t", null, "{}"));
        List<Event> as = log.query(new EventQuery("a.v1", null, 10));
        assertEquals(2, as.size());
        assertEquals(Instant.parse("2026-01-03T00:00:00Z"), as.get(0).ts());
        assertEquals(2, log.query(new EventQuery(null, Instant.parse("2026-01-02T00:00:00Z"), 10)).size());
        assertEquals(1, log.query(new EventQuery(null, null, 1)).size());
    }
}
