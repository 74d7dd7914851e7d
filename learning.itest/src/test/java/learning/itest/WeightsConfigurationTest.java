package learning.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

import learning.api.ledger.Conviction;
import learning.api.ledger.Direction;
import learning.api.ledger.InputLedger;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.api.weights.WeightService;

/**
 * A bad weights configuration pushed through Config Admin (an unknown preset, a negative max
 * delta) is refused as a whole: the weight service stays registered and the configuration before
 * it stays in force, and a good configuration after it is applied.
 */
class WeightsConfigurationTest {
    private static final Instant AS_OF = Instant.parse("2033-06-01T00:00:00Z");

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ServiceAware<WeightService> weights;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    InputLedger ledger;

    @InjectService(timeout = Await.TIMEOUT_MILLIS)
    ConfigurationAdmin configurationAdmin;

    @Test
    void aBadConfigurationIsRefusedAndThePreviousOneStaysInForce() throws Exception {
        // One close long before: the cycles run at full strength, where max.delta is the limit.
        ledger.recordConviction(new Conviction("wcfg-c", "wcfg-cycle", "BTC", 0.5, AS_OF.minus(Duration.ofDays(400)),
                Map.of("onchain", 0.6), List.of(), List.of(), null, null));
        ledger.openPosition(new Position("wcfg-p", "BTC", Direction.LONG, PositionStatus.OPEN,
                AS_OF.minus(Duration.ofDays(400)), null, null, "wcfg-c", null, null, 100.0, null, 1000.0));
        ledger.closePosition("wcfg-p", new PositionClose(AS_OF.minus(Duration.ofDays(399)), 5.0, null, null));
        Object serviceId = weights.getServiceReference().getProperty(Constants.SERVICE_ID);
        WeightService service = weights.getService();

        Configuration config = configurationAdmin.getConfiguration("learning.weights", "?");
        try {
            config.update(props("max.delta", 0.03));
            awaitMaxDelta(service, 0.03, AS_OF);

            Dictionary<String, Object> bad = props("max.delta", -0.02);
            bad.put("preset", "yolo");
            config.update(bad);
            Thread.sleep(1_500);
            assertEquals(0.03, service.runCycle(AS_OF.plusSeconds(100)).maxDelta(), "the previous configuration stays");
            assertEquals(serviceId, weights.getServiceReference().getProperty(Constants.SERVICE_ID),
                    "the weight service was not re-registered");

            // Config Admin delivers updates in order: once this one is in force, the bad one was seen.
            config.update(props("max.delta", 0.025));
            awaitMaxDelta(service, 0.025, AS_OF.plusSeconds(200));
        } finally {
            config.delete();
        }
    }

    private static Dictionary<String, Object> props(String key, Object value) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(key, value);
        return props;
    }

    private static void awaitMaxDelta(WeightService service, double expected, Instant asOf) {
        int[] i = {0};
        Await.until("max delta " + expected, () -> service.runCycle(asOf.plusMillis(i[0]++)).maxDelta(),
                d -> d == expected);
    }
}
