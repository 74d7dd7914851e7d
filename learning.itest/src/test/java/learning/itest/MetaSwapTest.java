package learning.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import learning.api.meta.MetaProducer;

/**
 * Installing learning.meta.best (ranking 10) makes it serve the next call of the REST API and the
 * meta cycle; uninstalling it falls back to the default, without a restart. And the default
 * bundle, as built, does not import the price API.
 */
class MetaSwapTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Await.TIMEOUT_MILLIS, filter = "(learning.implementation=default)")
    ServiceAware<MetaProducer> defaultMeta;

    @InjectService(cardinality = 0, filter = "(learning.implementation=best)")
    ServiceAware<MetaProducer> best;

    @Test
    void installingTheSecondImplementationTakesOverAndUninstallingFallsBack() throws Exception {
        EngineHttp http = EngineHttp.of(context);
        http.awaitReady();
        String token = http.operatorToken();
        assertEquals("default", implementation(http, token));
        Object defaultId = defaultMeta.getServiceReference().getProperty(Constants.SERVICE_ID);

        Path jar = Path.of(context.getProperty("meta.best.jar"));
        Bundle bundle;
        try (InputStream in = Files.newInputStream(jar)) {
            bundle = context.installBundle(jar.toUri().toString(), in);
        }
        try {
            bundle.start();
            assertNotNull(best.waitForService(Await.TIMEOUT_MILLIS), "the best-producer meta-producer is registered");
            Await.until("GET /api/v1/meta naming the new implementation", () -> implementation(http, token),
                    "best"::equals);
            assertEquals("best", cycleImplementation(http, token), "the meta cycle runs it too");
            JsonObject call = JsonParser.parseString(http.post("api/v1/meta/produce?asset=SWAP&horizon=24h", token, "")
                    .body()).getAsJsonObject();
            assertTrue(call.get("source").getAsString().startsWith("meta-best@"), call.toString());
        } finally {
            bundle.uninstall();
        }
        Await.until("GET /api/v1/meta falling back to the default", () -> implementation(http, token),
                "default"::equals);
        assertEquals("default", cycleImplementation(http, token));
        assertEquals(defaultId, defaultMeta.getServiceReference().getProperty(Constants.SERVICE_ID),
                "the default meta-producer stayed registered throughout");
    }

    @Test
    void theMetaBundleDoesNotImportThePriceApi() {
        Bundle meta = null;
        for (Bundle b : context.getBundles()) {
            if ("learning.meta".equals(b.getSymbolicName())) {
                meta = b;
            }
        }
        assertNotNull(meta, "learning.meta is installed");
        assertEquals(Bundle.ACTIVE, meta.getState());
        String imports = meta.getHeaders().get(Constants.IMPORT_PACKAGE);
        assertTrue(imports.contains("learning.api.meta"), imports);
        assertFalse(imports.contains("learning.api.price"), imports);
        for (BundleWire w : meta.adapt(BundleWiring.class).getRequiredWires(BundleRevision.PACKAGE_NAMESPACE)) {
            assertFalse(String.valueOf(w.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE))
                    .startsWith("learning.api.price"), w.toString());
        }
    }

    private static String implementation(EngineHttp http, String token) {
        EngineHttp.Answer a = http.get("api/v1/meta", token);
        return a.status() == 200 ? JsonParser.parseString(a.body()).getAsJsonObject().get("implementation").getAsString()
                : a.toString();
    }

    private static String cycleImplementation(EngineHttp http, String token) {
        EngineHttp.Answer a = http.post("api/v1/cycles/meta/run?as_of=2032-06-01T00:00:00Z", token, "");
        assertEquals(200, a.status(), a.body());
        return JsonParser.parseString(a.body()).getAsJsonObject().getAsJsonObject("counts").get("implementation")
                .getAsString();
    }
}
