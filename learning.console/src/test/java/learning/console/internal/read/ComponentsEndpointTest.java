package learning.console.internal.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.ServiceProperties;
import learning.api.ledger.PriceBar;
import learning.api.price.PriceSource;
import learning.api.weights.WeightAdjuster;
import learning.console.internal.EmbeddedFelix;

/** {@code GET /components} against a real (embedded) Felix framework and its service registry. */
class ComponentsEndpointTest {
    @TempDir
    Path dir;

    private EmbeddedFelix felix;
    private BundleContext system;
    private Bundle sample;

    @BeforeEach
    void start() throws Exception {
        felix = EmbeddedFelix.start(dir);
        system = felix.framework.getBundleContext();
        sample = system.installBundle(felix.bundle("learning.sample", "1.2.3"));
        sample.start();
        system.installBundle(felix.bundle("other.bundle", "1.0.0"));
    }

    @AfterEach
    void stop() throws Exception {
        felix.close();
    }

    private static Dictionary<String, Object> properties(String implementation, int ranking) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(ServiceProperties.IMPLEMENTATION, implementation);
        p.put(Constants.SERVICE_RANKING, ranking);
        return p;
    }

    private JsonObject components() {
        return JsonParser.parseString(new ComponentsHandler(system).list(null).json()).getAsJsonObject();
    }

    private static JsonObject role(JsonObject components, String name) {
        for (var r : components.getAsJsonArray("roles")) {
            if (r.getAsJsonObject().get("role").getAsString().equals(name)) {
                return r.getAsJsonObject();
            }
        }
        throw new AssertionError("no role " + name);
    }

    @Test
    void everyRoleIsListedEvenWithoutProviders() {
        JsonObject components = components();

        for (String name : List.of("WeightAdjuster", "OutcomeResolver", "MetaProducer", "PriceSource")) {
            assertEquals(0, role(components, name).getAsJsonArray("providers").size());
        }
        assertEquals("learning.api.weights.WeightAdjuster",
                role(components, "WeightAdjuster").get("interface").getAsString());
    }

    @Test
    void bestRankedProviderIsActiveWhileNoConsumerRuns() {
        BundleContext ctx = sample.getBundleContext();
        ctx.registerService(WeightAdjuster.class, window -> null, properties("correlation", 0));
        ctx.registerService(WeightAdjuster.class, window -> null, properties("hedge", 10));

        JsonArray providers = role(components(), "WeightAdjuster").getAsJsonArray("providers");

        assertEquals(2, providers.size());
        JsonObject first = providers.get(0).getAsJsonObject();
        assertEquals("hedge", first.get("implementation").getAsString());
        assertEquals(10, first.get("ranking").getAsInt());
        assertEquals("learning.sample", first.get("bundle").getAsString());
        assertEquals("1.2.3", first.get("version").getAsString());
        assertTrue(first.get("active").getAsBoolean());
        assertFalse(providers.get(1).getAsJsonObject().get("active").getAsBoolean());
    }

    @Test
    void providerInUseIsActiveEvenWhenRankedLower() throws Exception {
        BundleContext ctx = sample.getBundleContext();
        ctx.registerService(WeightAdjuster.class, window -> null, properties("correlation", 0));
        ctx.registerService(WeightAdjuster.class, window -> null, properties("hedge", 10));
        ServiceReference<WeightAdjuster> correlation = ctx.getServiceReferences(WeightAdjuster.class,
                "(learning.implementation=correlation)").iterator().next();
        system.getService(correlation);

        JsonArray providers = role(components(), "WeightAdjuster").getAsJsonArray("providers");

        assertFalse(providers.get(0).getAsJsonObject().get("active").getAsBoolean());
        JsonObject used = providers.get(1).getAsJsonObject();
        assertEquals("correlation", used.get("implementation").getAsString());
        assertTrue(used.get("active").getAsBoolean());
        assertTrue(used.get("in_use").getAsBoolean());
    }

    @Test
    void everyPriceSourceOfTheChainIsActive() {
        BundleContext ctx = sample.getBundleContext();
        ctx.registerService(PriceSource.class, new NamedSource("local"), properties("local", 100));
        ctx.registerService(PriceSource.class, new NamedSource("binance"), properties("binance", 0));

        JsonArray providers = role(components(), "PriceSource").getAsJsonArray("providers");

        assertEquals(2, providers.size());
        assertEquals("local", providers.get(0).getAsJsonObject().get("implementation").getAsString());
        providers.forEach(p -> assertTrue(p.getAsJsonObject().get("active").getAsBoolean()));
    }

    @Test
    void onlyLearningBundlesAreListed() {
        JsonArray bundles = components().getAsJsonArray("bundles");

        assertEquals(1, bundles.size());
        JsonObject b = bundles.get(0).getAsJsonObject();
        assertEquals("learning.sample", b.get("symbolic_name").getAsString());
        assertEquals("1.2.3", b.get("version").getAsString());
        assertEquals("ACTIVE", b.get("state").getAsString());
    }

    private record NamedSource(String name) implements PriceSource {
        @Override
        public boolean isRemote() {
            return false;
        }

        @Override
        public List<PriceBar> bars(String asset, Instant closeFromInclusive, Instant closeToInclusive) {
            return List.of();
        }
    }
}
