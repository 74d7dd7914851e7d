package learning.replay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import learning.api.weights.Domain;

import org.junit.jupiter.api.Test;

class SimProducerTest {
    @Test
    void theDefaultMixHasInformativeNoiseAndOneDegradingProducer() {
        List<SimProducer> mix = SimProducer.parse(SimProducer.DEFAULT_MIX);
        assertEquals(18, mix.size());
        assertEquals(1, mix.stream().filter(SimProducer::degrades).count());
        SimProducer fading = mix.stream().filter(SimProducer::degrades).findFirst().orElseThrow();
        assertEquals(Domain.TECHNICAL, fading.domain());
        assertEquals(0.7, fading.skillAt(0.2));
        assertEquals(0.0, fading.skillAt(0.7));
        assertTrue(mix.stream().filter(p -> p.skillBefore() == 0).count() >= 6, "noise producers");
        assertEquals("sim-curator-1", mix.get(0).id());
    }

    @Test
    void aCarelessMixIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimProducer.parse("weather:0.5")).getMessage()
                .contains("unknown domain 'weather'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimProducer.parse("curator:high")).getMessage()
                .contains("skill 'high' of sim-curator-1 is not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimProducer.parse("curator:1.5")).getMessage()
                .contains("must lie in [0, 1]"));
        assertThrows(IllegalArgumentException.class, () -> SimProducer.parse(" ; "));
    }

    /** A producer of skill s is right with probability 0.5 + s/2, measured over many draws. */
    @Test
    void drawsAreCalibratedToTheSkill() {
        for (double skill : new double[] {0, 0.35, 0.7, 1}) {
            int n = 200_000;
            int right = 0;
            for (int t = 0; t < n; t++) {
                if (Draws.uniform(42, 3, t, 8) < 0.5 + skill / 2) {
                    right++;
                }
            }
            double rate = (double) right / n;
            assertEquals(0.5 + skill / 2, rate, 0.005, "skill " + skill);
        }
    }

    @Test
    void drawsDependOnTheirCoordinatesOnly() {
        assertEquals(Draws.uniform(1, 2, 3, 4), Draws.uniform(1, 2, 3, 4));
        assertTrue(Draws.uniform(1, 2, 3, 4) != Draws.uniform(1, 2, 3, 5));
        assertTrue(Draws.uniform(1, 2, 3, 4) != Draws.uniform(2, 2, 3, 4));
    }
}
