package learning.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.price.PriceSource;
import learning.api.store.LearningDatabase;

/** A bundle installed into the running framework joins a swappable role and leaves it again, with no restart. */
class HotSwapTest {
    private static final String TESTBUNDLE = "learning.testbundle";

    @InjectBundleContext
    BundleContext context;

    @InjectService(cardinality = 0, filter = "(learning.implementation=testbundle)")
    ServiceAware<PriceSource> testbundleSources;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ServiceAware<LearningDatabase> database;

    private EngineHttp http;

    @BeforeEach
    void engineIsUp() {
        http = EngineHttp.of(context);
        http.awaitReady();
    }

    @Test
    void aPriceSourceBundleInstalledAtRuntimeJoinsAndLeavesWithoutRestart() throws Exception {
        Path jar = Path.of(context.getProperty("testbundle.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is built by the reactor (mvn install -pl learning.testbundle)");
        assertTrue(testbundleSources.isEmpty(), "learning.testbundle is not part of the test framework's bundles");
        String frameworkUuid = context.getProperty(Constants.FRAMEWORK_UUID);
        Object databaseServiceId = database.getServiceReference().getProperty(Constants.SERVICE_ID);

        Bundle installed;
        try (InputStream in = Files.newInputStream(jar)) {
            installed = context.installBundle(jar.toUri().toString(), in);
        }
        try {
            installed.start();
            assertEquals(TESTBUNDLE, installed.getSymbolicName());

            PriceSource source = testbundleSources.waitForService(Await.TIMEOUT_MILLIS);
            assertNotNull(source, "the bundle's PriceSource is registered");
            assertSame(installed, testbundleSources.getServiceReference().getBundle());
            assertEquals("testbundle", source.name());
            assertTrue(source.bars("BTC", Instant.EPOCH, Instant.now()).isEmpty());
            http.awaitReady();
            JsonObject listed = components();
            assertTrue(providerListed(listed, "testbundle"), "GET /api/v1/components lists it: " + listed);
            assertTrue(bundleListed(listed, TESTBUNDLE, "ACTIVE"), listed.toString());
        } finally {
            installed.uninstall();
        }

        // Stopping a bundle unregisters its services before uninstall() returns.
        assertTrue(testbundleSources.isEmpty(), "its PriceSource is gone");
        JsonObject listed = components();
        assertFalse(providerListed(listed, "testbundle"), "GET /api/v1/components no longer lists it: " + listed);
        assertFalse(bundleListed(listed, TESTBUNDLE, null), listed.toString());

        assertEquals(frameworkUuid, context.getProperty(Constants.FRAMEWORK_UUID), "the same framework ran throughout");
        assertEquals(Bundle.ACTIVE, context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState());
        assertEquals(databaseServiceId, database.getServiceReference().getProperty(Constants.SERVICE_ID),
                "the store kept running: its database service was never replaced");
        http.awaitReady();
    }

    private JsonObject components() {
        EngineHttp.Answer answer = http.get("api/v1/components", http.operatorToken());
        assertEquals(200, answer.status(), answer.toString());
        return JsonParser.parseString(answer.body()).getAsJsonObject();
    }

    private static boolean providerListed(JsonObject components, String implementation) {
        return stream(components.getAsJsonArray("roles"))
                .filter(role -> "PriceSource".equals(role.get("role").getAsString()))
                .flatMap(role -> stream(role.getAsJsonArray("providers")))
                .anyMatch(p -> !p.get("implementation").isJsonNull()
                        && implementation.equals(p.get("implementation").getAsString())
                        && TESTBUNDLE.equals(p.get("bundle").getAsString()));
    }

    private static boolean bundleListed(JsonObject components, String symbolicName, String state) {
        return stream(components.getAsJsonArray("bundles"))
                .anyMatch(b -> symbolicName.equals(b.get("symbolic_name").getAsString())
                        && (state == null || state.equals(b.get("state").getAsString())));
    }

    private static java.util.stream.Stream<JsonObject> stream(Iterable<JsonElement> array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonElement::getAsJsonObject);
    }
}
