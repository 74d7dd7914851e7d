package learning.forecast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import learning.api.forecast.ProducerCorrelation;
import learning.api.forecast.ProducerPerformance;
import learning.api.forecast.ReliabilityBin;
import learning.api.ledger.ForecastAction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: after any sequence of new outcomes and runs at moving instants (forward, and now and
 * then backward), the incrementally kept statistics equal a recomputation from scratch, and their
 * counts equal a naive count of the outcomes in the window.
 */
class IncrementalAggregatePropertyTest {
    static final Instant START = Instant.parse("2025-06-01T00:00:00Z");
    static final String[] PRODUCERS = {"p1", "p2", "p3", "p4"};
    static final String[] ASSETS = {"BTC", "ETH"};
    static final String[] HORIZONS = {"1h", "24h"};
    static final String[] REGIMES = {"bull", "bear", "all"};
    static final ForecastAction[] ACTIONS = {ForecastAction.LONG, ForecastAction.SHORT, ForecastAction.FLAT};

    record Written(String producer, String asset, String horizon, String regime, Instant ts) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void incrementalAggregateEqualsAFullRecomputation(long seed) {
        Random random = new Random(seed);
        try (Fixture fx = new Fixture()) {
            IncrementalAggregator incremental = new IncrementalAggregator(fx.store.database(), Duration.ofDays(30));
            List<Written> written = new ArrayList<>();
            Instant asOf = START.plus(Duration.ofDays(20));
            for (int step = 0; step < 10; step++) {
                int count = random.nextInt(80);
                for (int i = 0; i < count; i++) {
                    // forecast times across 120 days, so outcomes land before, in and after the window
                    Instant ts = START.plus(Duration.ofMinutes(random.nextInt(120 * 24 * 60)));
                    Written w = new Written(PRODUCERS[random.nextInt(PRODUCERS.length)], ASSETS[random.nextInt(2)],
                            HORIZONS[random.nextInt(2)], REGIMES[random.nextInt(REGIMES.length)], ts);
                    double confidence = random.nextInt(101) / 100.0;
                    fx.outcome(w.producer(), w.asset(), w.horizon(), w.regime(), ACTIONS[random.nextInt(3)],
                            random.nextBoolean(), confidence, ts);
                    written.add(w);
                }
                long days = random.nextInt(10) == 0 ? -random.nextInt(40) : random.nextInt(25);
                asOf = asOf.plus(Duration.ofDays(days)).plus(Duration.ofMinutes(random.nextInt(600)));
                if (random.nextInt(4) == 0) {
                    incremental.configure(Duration.ofDays(10 + random.nextInt(40)));
                }
                incremental.update(asOf);
                List<ProducerPerformance> kept = incremental.performance(null, null, null);
                List<ProducerCorrelation> keptPairs = incremental.correlation(null, null);
                assertCountsMatch(written, kept, asOf, incremental.window());

                IncrementalAggregator scratch = new IncrementalAggregator(fx.store.database(), incremental.window());
                scratch.rebuild(asOf);
                assertSamePerformance(scratch.performance(null, null, null), kept);
                assertSameCorrelation(scratch.correlation(null, null), keptPairs);
            }
        }
    }

    static void assertCountsMatch(List<Written> written, List<ProducerPerformance> kept, Instant asOf, Duration window) {
        Map<String, Long> naive = new HashMap<>();
        Instant start = asOf.minus(window);
        for (Written w : written) {
            if (!w.ts().isBefore(start) && !w.ts().isAfter(asOf)) {
                naive.merge(w.producer() + "|" + w.asset() + "|" + w.horizon() + "|" + w.regime(), 1L, Long::sum);
                naive.merge(w.producer() + "|" + w.asset() + "|" + w.horizon() + "|*", 1L, Long::sum);
            }
        }
        Map<String, Long> counted = new HashMap<>();
        for (ProducerPerformance p : kept) {
            counted.put(p.producerId() + "|" + p.asset() + "|" + p.horizon() + "|" + p.regime(), p.count());
        }
        assertEquals(naive, counted);
    }

    static void assertSamePerformance(List<ProducerPerformance> expected, List<ProducerPerformance> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            ProducerPerformance e = expected.get(i);
            ProducerPerformance a = actual.get(i);
            String at = e.producerId() + " " + e.asset() + " " + e.horizon() + " " + e.regime();
            assertEquals(List.of(e.producerId(), e.asset(), e.horizon(), e.regime(), e.count()),
                    List.of(a.producerId(), a.asset(), a.horizon(), a.regime(), a.count()), at);
            close(e.winRate(), a.winRate(), at);
            close(e.wilsonLow(), a.wilsonLow(), at);
            close(e.wilsonHigh(), a.wilsonHigh(), at);
            close(e.meanBrier(), a.meanBrier(), at);
            close(e.meanLogScore(), a.meanLogScore(), at);
            close(e.meanConfidence(), a.meanConfidence(), at);
            close(e.confidenceCorrelation(), a.confidenceCorrelation(), at);
            close(e.brierReliability(), a.brierReliability(), at);
            close(e.brierResolution(), a.brierResolution(), at);
            close(e.brierUncertainty(), a.brierUncertainty(), at);
            for (int k = 0; k < 10; k++) {
                ReliabilityBin x = e.reliabilityBins().get(k);
                ReliabilityBin y = a.reliabilityBins().get(k);
                assertEquals(x.count(), y.count(), at);
                close(x.meanConfidence(), y.meanConfidence(), at);
                close(x.observedRate(), y.observedRate(), at);
            }
        }
    }

    static void assertSameCorrelation(List<ProducerCorrelation> expected, List<ProducerCorrelation> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            ProducerCorrelation e = expected.get(i);
            ProducerCorrelation a = actual.get(i);
            // every field is a ratio of whole counts: they must be exactly equal
            assertEquals(e, a);
        }
    }

    static void close(Double expected, Double actual, String at) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, at);
            return;
        }
        assertTrue(Math.abs(expected - actual) <= 1e-9, at + ": " + expected + " vs " + actual);
    }
}
