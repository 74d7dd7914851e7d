package learning.replay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import learning.api.ledger.PriceBar;

import org.junit.jupiter.api.Test;

class PriceHistoryTest {
    @Test
    void theEmbeddedBarsAreTheRealEth5MinuteBarsOfMarch2023() {
        List<PriceBar> bars = PriceHistory.embeddedBars();
        assertEquals("5m", bars.get(0).interval());
        assertEquals(Instant.parse("2023-03-13T18:00:00Z"), bars.get(0).openTime());
        assertEquals(1672.99, bars.get(0).close());
        assertTrue(bars.size() > 500, "about two days of 5-minute bars");
    }

    @Test
    void realHoursComeFirstAndTheBootstrappedRestIsLabelled() {
        PriceHistory h = PriceHistory.load(null, "ETH", 24 * 400, 42);
        List<PriceBar> bars = h.hourly();
        assertEquals(24 * 400, bars.size());
        assertTrue(h.realHours() >= 40 && h.realHours() <= 48, "the real bars cover about two days: " + h.realHours());
        for (int i = 0; i < bars.size(); i++) {
            PriceBar b = bars.get(i);
            assertEquals("1h", b.interval());
            assertEquals(Duration.ofHours(1), Duration.between(b.openTime(), b.closeTime()));
            if (i > 0) {
                assertEquals(bars.get(i - 1).closeTime(), b.openTime(), "contiguous at " + i);
            }
            assertTrue(b.low() <= Math.min(b.open(), b.close()) && b.high() >= Math.max(b.open(), b.close()));
            assertEquals(i < h.realHours() ? PriceHistory.EMBEDDED_SOURCE : "bootstrap(seed=42) of "
                    + PriceHistory.EMBEDDED_SOURCE, b.source());
        }
        PriceBar lastReal = bars.get(h.realHours() - 1);
        assertEquals(lastReal.close(), bars.get(h.realHours()).open(), 1e-9, "the bootstrap continues the real path");
        assertTrue(h.description().contains("bootstrap") && h.description().contains("seed 42"));
    }

    @Test
    void theSameSeedGivesTheSameSeriesAndAnotherSeedAnother() {
        List<PriceBar> a = PriceHistory.load(null, "ETH", 2000, 7).hourly();
        List<PriceBar> b = PriceHistory.load(null, "ETH", 2000, 7).hourly();
        List<PriceBar> c = PriceHistory.load(null, "ETH", 2000, 8).hourly();
        assertEquals(a, b);
        assertNotEquals(a.get(1999).close(), c.get(1999).close());
    }

    @Test
    void theBootstrapHasNoDriftAndKeepsTheRealVolatility() {
        List<PriceBar> base = PriceHistory.embeddedBars();
        double realVar = 0;
        for (int i = 1; i < base.size(); i++) {
            double r = Math.log(base.get(i).close() / base.get(i - 1).close());
            realVar += r * r;
        }
        realVar /= base.size() - 1;
        List<PriceBar> synth = PriceHistory.bootstrap(base, 200_000, Instant.EPOCH, 1000, 3, 24, "test");
        double sum = 0;
        double sq = 0;
        for (int i = 1; i < synth.size(); i++) {
            double r = Math.log(synth.get(i).close() / synth.get(i - 1).close());
            sum += r;
            sq += r * r;
        }
        double mean = sum / (synth.size() - 1);
        double sd = Math.sqrt(sq / (synth.size() - 1));
        assertTrue(Math.abs(mean) < 3 * sd / Math.sqrt(synth.size()) * 5, "no drift: mean " + mean + ", sd " + sd);
        assertEquals(Math.sqrt(realVar), sd, 0.25 * Math.sqrt(realVar), "volatility of the real 5-minute returns");
    }

    @Test
    void barsLongerThanAnHourAreRefused() {
        List<PriceBar> daily = List.of(
                new PriceBar("X", "1d", Instant.EPOCH, Instant.EPOCH.plus(Duration.ofDays(1)), 1, 2, 0.5, 1, 0, "f"),
                new PriceBar("X", "1d", Instant.EPOCH.plus(Duration.ofDays(1)), Instant.EPOCH.plus(Duration.ofDays(2)),
                        1, 2, 0.5, 1, 0, "f"));
        String m = assertThrows(PriceFileException.class, () -> PriceHistory.of(daily, 100, 1, "x")).getMessage();
        assertTrue(m.contains("1d apart"), m);
    }
}
