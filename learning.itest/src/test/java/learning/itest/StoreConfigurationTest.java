package learning.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import learning.api.event.AppendResult;
import learning.api.event.EventLog;
import learning.api.event.NewEvent;
import learning.api.store.LearningDatabase;

/** The store follows its configuration (PID {@code learning.store}) through Config Admin, live. */
class StoreConfigurationTest {
    private static final String PID = "learning.store";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ConfigurationAdmin configurationAdmin;

    /** Tracks the registry: after a reconfiguration it holds the event log on the new database. */
    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ServiceAware<EventLog> events;

    private EngineHttp http;

    @BeforeEach
    void engineIsUp() {
        http = EngineHttp.of(context);
        http.awaitReady();
    }

    @Test
    void theStoreReopensOnANewlyConfiguredDatabaseAndBackOnTheOldOne() throws Exception {
        // "?": a configuration bound to this test bundle would never reach learning.store.
        Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> original = configuration.getProperties();
        assertNotNull(original, "test.bndrun seeds the store's configuration (src/itest/config)");
        String originalUrl = (String) original.get("url");
        ServiceReference<LearningDatabase> before = awaitDatabase(originalUrl);

        String key = "itest:config:" + UUID.randomUUID();
        AppendResult written = eventLog().append(
                new NewEvent("itest.config.v1", Instant.now(), "itest", key, "{\"on\":\"original\"}"));
        assertTrue(written.created());

        String otherUrl = "jdbc:hsqldb:mem:itest-reconfigured-" + UUID.randomUUID();
        Dictionary<String, Object> changed = new Hashtable<>();
        changed.put("url", otherUrl);
        configuration.update(changed);
        try {
            ServiceReference<LearningDatabase> after = awaitDatabase(otherUrl);
            http.awaitReady();
            assertNotEquals(before.getProperty(Constants.SERVICE_ID), after.getProperty(Constants.SERVICE_ID),
                    "the database component was activated again");
            assertEquals(otherUrl, after.getProperty("url"));

            EventLog log = eventLog();
            assertTrue(log.byDedupeKey(key).isEmpty(), "the event written before lives in the other database");
            assertTrue(log.byId(written.event().id()).isEmpty());
            String newKey = "itest:config:" + UUID.randomUUID();
            assertTrue(log.append(new NewEvent("itest.config.v1", Instant.now(), "itest", newKey, "{\"on\":\"other\"}"))
                    .created(), "the new database takes writes");
            assertTrue(log.byDedupeKey(newKey).isPresent());
            assertTrue(log.verifyChain().valid());
        } finally {
            configuration.update(original);
            awaitDatabase(originalUrl);
            http.awaitReady();
        }
    }

    /**
     * Waits until a {@code LearningDatabase} with this URL is registered. The configuration's
     * properties are service properties of the component, {@code url} among them.
     */
    private ServiceReference<LearningDatabase> awaitDatabase(String url) {
        return Await.until("a LearningDatabase on " + url, () -> database(url), r -> r != null);
    }

    private ServiceReference<LearningDatabase> database(String url) {
        try {
            return context.getServiceReferences(LearningDatabase.class, "(url=" + url + ")").stream()
                    .findFirst().orElse(null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(url, e);
        }
    }

    /** @return the event log registered now (once ready: the one on the database configured now) */
    private EventLog eventLog() {
        EventLog log = events.getService();
        assertNotNull(log, "an EventLog is registered");
        return log;
    }
}
