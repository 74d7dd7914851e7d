package learning.weights.hedge.internal;

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
import learning.api.weights.WeightProposal;
import learning.api.weights.WeightWindow;
import learning.api.weights.WindowPosition;

import org.junit.jupiter.api.Test;

class HedgeAdjusterTest {
    private static WeightWindow window(List<WindowPosition> positions) {
        return new WeightWindow(Instant.EPOCH, Instant.EPOCH, WeightPreset.BALANCED.weights(),
                WeightPreset.BALANCED.weights(), 0.02, positions);
    }

    @Test
    void aDomainThatPredictedWinsGainsWeightAndItsOppositeLoses() {
        List<WindowPosition> positions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean win = i % 2 == 0;
            Map<Domain, Double> s = new EnumMap<>(Domain.class);
            s.put(Domain.ONCHAIN, win ? 0.9 : 0.1);
            s.put(Domain.SOCIAL, win ? 0.1 : 0.9);
            positions.add(new WindowPosition("p" + i, Instant.EPOCH, win ? 10 : -10, s));
        }
        WeightProposal p = new HedgeAdjuster().propose(window(positions));
        assertTrue(p.weights().get(Domain.ONCHAIN) > 0.25);
        assertTrue(p.weights().get(Domain.SOCIAL) < 0.15);
        assertEquals(1.0, p.weights().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
    }

    @Test
    void underPureNoiseTheProposalStaysNearThePreset() {
        Random random = new Random(11);
        List<WindowPosition> positions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Map<Domain, Double> s = new EnumMap<>(Domain.class);
            for (Domain d : Domain.values()) {
                s.put(d, random.nextDouble());
            }
            positions.add(new WindowPosition("p" + i, Instant.EPOCH, random.nextGaussian(), s));
        }
        WeightProposal p = new HedgeAdjuster().propose(window(positions));
        for (Domain d : Domain.values()) {
            assertEquals(WeightPreset.BALANCED.weights().get(d), p.weights().get(d), 0.02, d.wireName());
        }
    }
}
