package learning.weights.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import learning.api.weights.Domain;
import learning.api.weights.WeightPreset;
import learning.api.weights.WeightWindow;
import learning.api.weights.WindowPosition;

import org.junit.jupiter.api.Test;

/** Thousands of random windows: every result is inside the bounds and sums to 1. */
class BoundsPropertyTest {
    private final WeightsConfig config = WeightsConfig.defaults();

    @Test
    void everyResultLiesWithinBoundsAndSumsToOne() {
        Random random = new Random(42);
        CorrelationAdjuster adjuster = new CorrelationAdjuster();
        for (int trial = 0; trial < 5_000; trial++) {
            Map<Domain, Double> previous = randomWeightsInsideBounds(random);
            double maxDelta = random.nextBoolean() ? 0.02 : 0.01;
            List<WindowPosition> positions = new ArrayList<>();
            int n = 20 + random.nextInt(80);
            for (int i = 0; i < n; i++) {
                Map<Domain, Double> scores = new EnumMap<>(Domain.class);
                for (Domain d : Domain.values()) {
                    if (random.nextDouble() < 0.9) {
                        scores.put(d, random.nextDouble());
                    }
                }
                positions.add(new WindowPosition("p" + i, Instant.EPOCH, random.nextGaussian() * 10, scores));
            }
            WeightWindow window = new WeightWindow(Instant.EPOCH, Instant.EPOCH, previous,
                    WeightPreset.BALANCED.weights(), maxDelta, positions);
            Map<Domain, Double> result = DefaultWeightService.bounded(adjuster.propose(window), previous, maxDelta, config);
            assertInside(result);
        }
    }

    @Test
    void extremeProposalsAreStillBounded() {
        Random random = new Random(7);
        Bounds bounds = new Bounds(0.05, 0.40);
        for (int trial = 0; trial < 5_000; trial++) {
            Map<Domain, Double> proposal = new EnumMap<>(Domain.class);
            for (Domain d : Domain.values()) {
                proposal.put(d, random.nextDouble() < 0.2 ? 0.0 : Math.pow(10, random.nextDouble() * 6 - 3));
            }
            assertInside(bounds.apply(proposal));
        }
    }

    @Test
    void whereNoBoundIsTouchedTheResultIsPlainRenormalisation() {
        Random random = new Random(3);
        Bounds bounds = new Bounds(0.05, 0.40);
        int checked = 0;
        for (int trial = 0; trial < 5_000; trial++) {
            Map<Domain, Double> proposal = new EnumMap<>(Domain.class);
            double sum = 0;
            for (Domain d : Domain.values()) {
                double v = 0.1 + random.nextDouble() * 0.15;
                proposal.put(d, v);
                sum += v;
            }
            boolean inside = true;
            for (double v : proposal.values()) {
                inside &= v / sum >= 0.05 && v / sum <= 0.40;
            }
            if (!inside) {
                continue;
            }
            checked++;
            Map<Domain, Double> result = bounds.apply(proposal);
            for (Domain d : Domain.values()) {
                assertEquals(proposal.get(d) / sum, result.get(d), 1e-12);
            }
        }
        assertTrue(checked > 1000);
    }

    @Test
    void theReferenceExamplesThatBrokeItsBoundsStayInside() {
        Bounds bounds = new Bounds(0.05, 0.40);
        Map<Domain, Double> p = new EnumMap<>(Domain.class);
        double[] v = {0.27, 0.27, 0.20, 0.13, 0.10, 0.05};
        for (int i = 0; i < 6; i++) {
            p.put(Domain.values()[i], v[i]);
        }
        Map<Domain, Double> r = bounds.apply(p);
        assertInside(r);
        assertTrue(r.get(Domain.EVENTS) >= 0.05);
    }

    private static Map<Domain, Double> randomWeightsInsideBounds(Random random) {
        Map<Domain, Double> w = new EnumMap<>(Domain.class);
        for (Domain d : Domain.values()) {
            w.put(d, 0.05 + random.nextDouble());
        }
        return new Bounds(0.05, 0.40).apply(w);
    }

    private static void assertInside(Map<Domain, Double> w) {
        double sum = 0;
        for (Domain d : Domain.values()) {
            double v = w.get(d);
            assertTrue(v >= 0.05 - 1e-15 && v <= 0.40 + 1e-15, d + " = " + v);
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
    }
}
