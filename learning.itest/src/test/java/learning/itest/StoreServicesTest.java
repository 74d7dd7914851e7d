package learning.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import learning.api.ConflictException;
import learning.api.event.AppendResult;
import learning.api.event.ChainVerification;
import learning.api.event.Event;
import learning.api.event.EventLog;
import learning.api.event.EventQuery;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.ledger.Direction;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.InputLedger;
import learning.api.ledger.Position;
import learning.api.ledger.PositionStatus;
import learning.api.store.LearningDatabase;

/** The store's services as other bundles get them from the registry: wiring, dedupe, the hash chain. */
class StoreServicesTest {
    private static final String STORE_BUNDLE = "learning.store";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ServiceAware<LearningDatabase> database;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ServiceAware<EventLog> events;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ServiceAware<InputLedger> ledger;

    @BeforeEach
    void engineIsUp() {
        EngineHttp.of(context).awaitReady();
    }

    @Test
    void storeServicesAreWiredInTheFramework() {
        assertEquals(STORE_BUNDLE, database.getServiceReference().getBundle().getSymbolicName());
        assertEquals(STORE_BUNDLE, events.getServiceReference().getBundle().getSymbolicName());
        assertEquals(STORE_BUNDLE, ledger.getServiceReference().getBundle().getSymbolicName());
        assertTrue(database.getService().isHealthy());
        assertTrue(database.getService().url().startsWith("jdbc:hsqldb:mem:"),
                "the tests run on the in-memory database configured in src/itest/config, not " + database.getService().url());

        EventLog log = events.getService();
        InputLedger inputs = ledger.getService();
        long eventsBefore = log.count(null);
        String suffix = UUID.randomUUID().toString();
        Instant opened = Instant.parse("2026-01-05T10:00:00Z");

        Position position = inputs.openPosition(new Position("pos-" + suffix, "btc", Direction.LONG, PositionStatus.OPEN,
                opened, null, null, null, "BULL", null, 97_000.0, null, 1_000.0));
        Position readBack = inputs.position("pos-" + suffix).orElseThrow();
        assertEquals(position, readBack);
        assertEquals("BTC", readBack.symbol());
        assertEquals(PositionStatus.OPEN, readBack.status());

        List<Forecast> stored = inputs.recordForecasts(List.of(new Forecast("fc-" + suffix, "eth", "4h",
                ForecastAction.LONG, 0.7, "momentum@1.2", "BULL", opened, null)));
        assertEquals(1, stored.size());
        String forecastEventId = stored.get(0).eventId();
        assertNotNull(forecastEventId, "a stored forecast carries its event id");
        assertTrue(inputs.forecasts(opened, 10_000).stream().anyMatch(f -> f.forecastId().equals("fc-" + suffix)
                && f.asset().equals("ETH") && f.confidence() == 0.7));

        Event forecastEvent = log.byId(forecastEventId).orElseThrow();
        assertEquals(EventTypes.FORECAST, forecastEvent.type());
        assertTrue(forecastEvent.payload().contains("fc-" + suffix), forecastEvent.payload());
        assertTrue(log.query(new EventQuery(EventTypes.POSITION_OPENED, null, 100)).stream()
                .anyMatch(e -> e.payload().contains("pos-" + suffix)), "opening the position appended its event");
        assertEquals(eventsBefore + 2, log.count(null), "one event for the position, one for the forecast");
    }

    @Test
    void sameDedupeKeyAndPayloadReturnsTheStoredEventAndADifferentPayloadIsRefused() {
        EventLog log = events.getService();
        String key = "itest:dedupe:" + UUID.randomUUID();
        Instant ts = Instant.parse("2026-01-05T10:00:00Z");

        AppendResult first = log.append(new NewEvent("itest.dedupe.v1", ts, "itest", key, "{\"b\": 2, \"a\": 1}"));
        assertTrue(first.created());
        long count = log.count(null);

        AppendResult again = log.append(new NewEvent("itest.dedupe.v1", ts, "itest", key, "{\"a\":1,\"b\":2}"));
        assertFalse(again.created(), "the same payload (key order aside) is the stored event");
        assertEquals(first.event(), again.event());

        ConflictException conflict = assertThrows(ConflictException.class,
                () -> log.append(new NewEvent("itest.dedupe.v1", ts, "itest", key, "{\"a\":1,\"b\":3}")));
        assertEquals("dedupe_key", conflict.field());
        assertEquals(first.event(), log.byDedupeKey(key).orElseThrow(), "the original stays");
        assertEquals(count, log.count(null), "neither the repeat nor the conflict appended anything");
    }

    @Test
    void verifyChainReportsTheFirstEventWhoseRowWasAlteredInTheDatabase() {
        EventLog log = events.getService();
        LearningDatabase db = database.getService();
        Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<AppendResult> appended = log.appendAll(List.of(
                new NewEvent("itest.chain.v1", ts, "itest", null, "{\"n\":1}"),
                new NewEvent("itest.chain.v1", ts, "itest", null, "{\"n\":2}"),
                new NewEvent("itest.chain.v1", ts, "itest", null, "{\"n\":3}")));
        ChainVerification healthy = log.verifyChain();
        assertTrue(healthy.valid(), "a log written only through the service verifies: " + healthy);
        assertEquals(log.count(null), healthy.eventsChecked());

        Event victim = appended.get(1).event();
        try {
            assertEquals(1, setPayload(db, victim.sequence(), "{\"n\":200}"));
            ChainVerification broken = log.verifyChain();
            assertFalse(broken.valid());
            assertEquals(victim.sequence(), broken.firstBadSequence());
            assertEquals(victim.id(), broken.firstBadEventId());
            assertNotNull(broken.problem());
            assertNotEquals(appended.get(0).event().sequence(), broken.firstBadSequence(),
                    "the event before the altered one is still good");
        } finally {
            // Other tests share this database and expect an intact chain.
            setPayload(db, victim.sequence(), victim.payload());
        }
        assertTrue(log.verifyChain().valid(), "with the row restored the chain verifies again");
    }

    private static int setPayload(LearningDatabase db, long sequence, String payload) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE events SET payload = ? WHERE seq = ?")) {
                s.setString(1, payload);
                s.setLong(2, sequence);
                return s.executeUpdate();
            }
        });
    }
}
