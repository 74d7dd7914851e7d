package learning.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import learning.api.ledger.Conviction;
import learning.api.ledger.Direction;
import learning.api.ledger.InputLedger;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.api.weights.WeightAdjuster;
import learning.api.weights.WeightCycleResult;
import learning.api.weights.WeightService;

/**
 * Installing the Hedge adjuster bundle makes it the live adjuster for the next cycle, naming an
 * adjuster in the configuration switches back, and uninstalling it falls back, all without a
 * framework restart and with the weights carrying on from the stored state.
 */
class WeightAdjusterSwapTest {
    private static final Instant AS_OF = Instant.parse("2031-03-01T00:00:00Z");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ServiceAware<WeightService> weights;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    InputLedger ledger;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ConfigurationAdmin configurationAdmin;

    @InjectService(cardinality = 0, filter = "(learning.implementation=hedge)")
    ServiceAware<WeightAdjuster> hedge;

    @Test
    void installingHedgeTakesOverAndUninstallingFallsBack() throws Exception {
        seedWindow();
        Object weightServiceId = weights.getServiceReference().getProperty(Constants.SERVICE_ID);
        WeightService service = weights.getService();

        WeightCycleResult before = service.runCycle(AS_OF);
        assertEquals("correlation", before.adjuster());
        assertEquals("adjusted", before.reason(), before.toString());

        Path jar = Path.of(context.getProperty("hedge.jar"));
        Bundle bundle;
        try (InputStream in = Files.newInputStream(jar)) {
            bundle = context.installBundle(jar.toUri().toString(), in);
        }
        try {
            bundle.start();
            assertNotNull(hedge.waitForService(Await.TIMEOUT_MILLIS), "the hedge adjuster is registered");
            WeightCycleResult withHedge = service.runCycle(AS_OF.plusSeconds(60));
            assertEquals("hedge", withHedge.adjuster());
            assertTrue(withHedge.challengers().containsKey("correlation"), withHedge.challengers().toString());
            assertEquals(before.proposed(), withHedge.previous(), "the weights carry on from the stored state");

            Configuration config = configurationAdmin.getConfiguration("learning.weights", "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("adjuster.target", "(learning.implementation=correlation)");
            config.update(props);
            try {
                WeightCycleResult named = awaitAdjuster(service, "correlation", AS_OF.plusSeconds(120));
                assertTrue(named.challengers().containsKey("hedge"));
            } finally {
                config.delete();
            }
            awaitAdjuster(service, "hedge", AS_OF.plusSeconds(180));
        } finally {
            bundle.uninstall();
        }
        WeightCycleResult after = awaitAdjuster(service, "correlation", AS_OF.plusSeconds(240));
        assertTrue(after.challengers().isEmpty(), after.challengers().toString());
        assertEquals(weightServiceId, weights.getServiceReference().getProperty(Constants.SERVICE_ID),
                "the weight service was never re-registered");
    }

    private static WeightCycleResult awaitAdjuster(WeightService service, String name, Instant asOf)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + Await.TIMEOUT_MILLIS;
        WeightCycleResult last;
        int i = 0;
        do {
            last = service.runCycle(asOf.plusMillis(i++));
            if (name.equals(last.adjuster())) {
                return last;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("the live adjuster did not become " + name + "; last cycle: " + last);
    }

    /** One old close (past the cold start) and 20 closes in the window whose onchain score predicts the outcome. */
    private void seedWindow() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        close("old-" + run, AS_OF.minus(Duration.ofDays(120)), 5, null);
        for (int i = 0; i < 20; i++) {
            boolean win = i % 2 == 0;
            String conviction = "c-" + run + "-" + i;
            ledger.recordConviction(new Conviction(conviction, "cy-" + run + "-" + i, "BTC", 0.5,
                    AS_OF.minus(Duration.ofDays(10)), Map.of("onchain", win ? 0.9 : 0.1, "social", win ? 0.1 : 0.9),
                    List.of(), List.of(), null, null));
            close("p-" + run + "-" + i, AS_OF.minus(Duration.ofDays(9)), win ? 10 : -10, conviction);
        }
    }

    private void close(String id, Instant closedAt, double pnl, String conviction) {
        ledger.openPosition(new Position(id, "BTC", Direction.LONG, PositionStatus.OPEN, closedAt.minus(Duration.ofHours(5)),
                null, null, conviction, "BULL", null, 100.0, null, 1000.0));
        ledger.closePosition(id, new PositionClose(closedAt, pnl, null, null));
    }
}
