package learning.forecast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import learning.api.forecast.AggregationRun;
import learning.api.forecast.ProducerCorrelation;
import learning.api.forecast.ProducerPerformance;
import learning.api.forecast.ReliabilityBin;
import learning.api.ledger.ForecastAction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reference's aggregator scenarios (its tests 4.9), hand-computed statistics and the window. */
class PerformanceAggregatorTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration EPISODE = Duration.ofHours(2);
    final Fixture fx = new Fixture();
    final IncrementalAggregator aggregator = new IncrementalAggregator(fx.store.database(), Duration.ofDays(90));

    @AfterEach
    void close() {
        fx.close();
    }

    void outcomes(String producer, int count, int correct, double confidence) {
        for (int i = 0; i < count; i++) {
            fx.outcome(producer, "BTC", "24h", "unknown", ForecastAction.LONG, i < correct, confidence,
                    NOW.minus(Duration.ofDays(2)).plus(EPISODE.multipliedBy(i)));
        }
    }

    ProducerPerformance all(String producer) {
        return aggregator.performance(producer, "BTC", "24h").stream().filter(p -> p.regime().equals("*")).findFirst()
                .orElseThrow();
    }

    ProducerCorrelation pair() {
        List<ProducerCorrelation> pairs = aggregator.correlation("BTC", "24h");
        assertEquals(1, pairs.size());
        return pairs.get(0);
    }

    @Test
    void noOutcomesUpdateNothing() {
        AggregationRun run = aggregator.update(NOW);
        assertEquals(0, run.newOutcomes());
        assertEquals(0, run.producerGroups());
        assertEquals(0, run.pairs());
        assertTrue(aggregator.performance(null, null, null).isEmpty());
    }

    @Test
    void fewerThanFiveOutcomesShowNoWinRate() {
        outcomes("p", 3, 2, 0.7);
        aggregator.update(NOW);
        ProducerPerformance p = all("p");
        assertEquals(3, p.count());
        assertNull(p.winRate());
        assertNull(p.wilsonLow());
        assertNull(p.wilsonHigh());
    }

    @Test
    void sevenOfTenAtConfidence07GiveWinRate07AndBrier021() {
        outcomes("p", 10, 7, 0.7);
        AggregationRun run = aggregator.update(NOW);
        assertEquals(10, run.newOutcomes());
        assertEquals(2, run.producerGroups(), "regime unknown and all regimes");
        List<ProducerPerformance> rows = aggregator.performance("p", "btc", "24h");
        assertEquals(List.of("*", "unknown"), rows.stream().map(ProducerPerformance::regime).toList());
        ProducerPerformance p = all("p");
        assertEquals(10, p.count());
        assertEquals(0.7, p.winRate(), 1e-12);
        assertEquals(0.21, p.meanBrier(), 1e-12);
        assertEquals(0.7, p.meanConfidence(), 1e-12);
        assertNull(p.confidenceCorrelation(), "constant confidence");
        // Wilson 95 % for 7 of 10, by hand: centre (0.7 + z^2/20) / (1 + z^2/10), half-width
        // z / (1 + z^2/10) * sqrt(0.7 * 0.3 / 10 + z^2 / 400), z = 1.959964
        assertEquals(0.396778, p.wilsonLow(), 1e-6);
        assertEquals(0.892209, p.wilsonHigh(), 1e-6);
        assertEquals((7 * -Math.log(0.7) + 3 * -Math.log(0.3)) / 10, p.meanLogScore(), 1e-12);
    }

    @Test
    void sixOfTenGiveWinRate06AndBrier025() {
        outcomes("p", 10, 6, 0.7);
        aggregator.update(NOW);
        ProducerPerformance p = all("p");
        assertEquals(10, p.count());
        assertEquals(0.6, p.winRate(), 1e-12);
        assertEquals(0.25, p.meanBrier(), 1e-12);
    }

    @Test
    void producersThatAlwaysAgreeHaveAgreementOneAndNoKappa() {
        for (int i = 0; i < 10; i++) {
            Instant t = NOW.minus(Duration.ofDays(3)).plus(EPISODE.multipliedBy(i));
            fx.outcome("pa", "BTC", "24h", "unknown", ForecastAction.LONG, true, 0.7, t);
            fx.outcome("pb", "BTC", "24h", "unknown", ForecastAction.LONG, true, 0.6, t.plus(Duration.ofMinutes(30)));
        }
        AggregationRun run = aggregator.update(NOW);
        assertEquals(1, run.pairs());
        ProducerCorrelation c = pair();
        assertEquals("pa", c.producerA());
        assertEquals("pb", c.producerB());
        assertEquals(10, c.sampleCount());
        assertEquals(1.0, c.agreementRate());
        assertEquals(1.0, c.agreementWinRate());
        assertNull(c.disagreementWinRateA());
        assertNull(c.disagreementWinRateB());
        assertNull(c.kappa(), "both always call long: chance agreement is certain");
    }

    @Test
    void producersThatAlwaysDisagreeHaveAgreementZero() {
        for (int i = 0; i < 10; i++) {
            Instant t = NOW.minus(Duration.ofDays(3)).plus(EPISODE.multipliedBy(i));
            fx.outcome("pa", "BTC", "24h", "unknown", ForecastAction.LONG, true, 0.7, t);
            fx.outcome("pb", "BTC", "24h", "unknown", ForecastAction.SHORT, false, 0.6, t);
        }
        aggregator.update(NOW);
        ProducerCorrelation c = pair();
        assertEquals(0.0, c.agreementRate());
        assertNull(c.agreementWinRate());
        assertEquals(1.0, c.disagreementWinRateA());
        assertEquals(0.0, c.disagreementWinRateB());
        assertEquals(0.0, c.kappa(), 1e-12);
    }

    @Test
    void kappaMatchesTheHandComputedValue() {
        // a by row, b by column: (long, long) 4, (short, short) 3, (long, short) 2, (short, long) 1
        // po = 0.7; a long 6 short 4, b long 5 short 5: pe = (6*5 + 4*5) / 100 = 0.5; kappa = 0.2 / 0.5 = 0.4
        ForecastAction[][] calls = {{ForecastAction.LONG, ForecastAction.LONG}, {ForecastAction.LONG, ForecastAction.LONG},
                {ForecastAction.LONG, ForecastAction.LONG}, {ForecastAction.LONG, ForecastAction.LONG},
                {ForecastAction.SHORT, ForecastAction.SHORT}, {ForecastAction.SHORT, ForecastAction.SHORT},
                {ForecastAction.SHORT, ForecastAction.SHORT}, {ForecastAction.LONG, ForecastAction.SHORT},
                {ForecastAction.LONG, ForecastAction.SHORT}, {ForecastAction.SHORT, ForecastAction.LONG}};
        for (int i = 0; i < calls.length; i++) {
            Instant t = NOW.minus(Duration.ofDays(5)).plus(EPISODE.multipliedBy(i));
            fx.outcome("a", "BTC", "24h", "unknown", calls[i][0], i % 2 == 0, 0.6, t);
            fx.outcome("b", "BTC", "24h", "unknown", calls[i][1], i % 3 == 0, 0.6, t);
        }
        aggregator.update(NOW);
        ProducerCorrelation c = pair();
        assertEquals(10, c.sampleCount());
        assertEquals(0.7, c.agreementRate(), 1e-12);
        assertEquals(0.4, c.kappa(), 1e-12);
        // agreeing episodes 0..6: a right in 0, 2, 4, 6 -> 4 / 7; disagreeing 7, 8, 9: a right in 8 (1/3), b in 9 (1/3)
        assertEquals(4.0 / 7, c.agreementWinRate(), 1e-12);
        assertEquals(1.0 / 3, c.disagreementWinRateA(), 1e-12);
        assertEquals(1.0 / 3, c.disagreementWinRateB(), 1e-12);
    }

    @Test
    void theLatestCallOfAProducerInAnEpisodeCounts() {
        Instant bucket = Instant.ofEpochSecond(NOW.minus(Duration.ofDays(1)).getEpochSecond() / 7200 * 7200);
        fx.outcome("a", "BTC", "24h", "unknown", ForecastAction.LONG, true, 0.6, bucket.plus(Duration.ofMinutes(10)));
        fx.outcome("a", "BTC", "24h", "unknown", ForecastAction.SHORT, false, 0.6, bucket.plus(Duration.ofMinutes(50)));
        fx.outcome("b", "BTC", "24h", "unknown", ForecastAction.SHORT, false, 0.6, bucket.plus(Duration.ofMinutes(20)));
        aggregator.update(NOW);
        ProducerCorrelation c = pair();
        assertEquals(1, c.sampleCount());
        assertEquals(1.0, c.agreementRate());
        // a call in the next episode is another sample
        fx.outcome("b", "BTC", "24h", "unknown", ForecastAction.SHORT, false, 0.6, bucket.plus(Duration.ofMinutes(130)));
        fx.outcome("a", "BTC", "24h", "unknown", ForecastAction.LONG, true, 0.6, bucket.plus(Duration.ofMinutes(125)));
        aggregator.update(NOW);
        assertEquals(2, pair().sampleCount());
        assertEquals(0.5, pair().agreementRate());
    }

    @Test
    void brierDecompositionMatchesTheHandComputedValues() {
        // confidence 0.8 right, 0.8 wrong, 0.3 wrong, 0.3 wrong
        Instant t = NOW.minus(Duration.ofDays(1));
        fx.outcome("p", "BTC", "24h", "unknown", ForecastAction.LONG, true, 0.8, t);
        fx.outcome("p", "BTC", "24h", "unknown", ForecastAction.LONG, false, 0.8, t);
        fx.outcome("p", "BTC", "24h", "unknown", ForecastAction.LONG, false, 0.3, t);
        fx.outcome("p", "BTC", "24h", "unknown", ForecastAction.LONG, false, 0.3, t);
        aggregator.update(NOW);
        ProducerPerformance p = all("p");
        // base rate 0.25; bins: 0.8 -> observed 0.5, 0.3 -> observed 0
        // reliability = (2 (0.8-0.5)^2 + 2 (0.3-0)^2) / 4 = 0.09
        // resolution  = (2 (0.5-0.25)^2 + 2 (0-0.25)^2) / 4 = 0.0625
        // uncertainty = 0.25 * 0.75 = 0.1875; reliability - resolution + uncertainty = mean Brier 0.215
        assertEquals(0.09, p.brierReliability(), 1e-12);
        assertEquals(0.0625, p.brierResolution(), 1e-12);
        assertEquals(0.1875, p.brierUncertainty(), 1e-12);
        assertEquals(0.215, p.meanBrier(), 1e-12);
        assertEquals(p.meanBrier(), p.brierReliability() - p.brierResolution() + p.brierUncertainty(), 1e-12);
        assertEquals(10, p.reliabilityBins().size());
        ReliabilityBin high = p.reliabilityBins().get(8);
        assertEquals(0.8, high.lower(), 1e-12);
        assertEquals(2, high.count());
        assertEquals(0.8, high.meanConfidence(), 1e-12);
        assertEquals(0.5, high.observedRate(), 1e-12);
        ReliabilityBin low = p.reliabilityBins().get(3);
        assertEquals(2, low.count());
        assertEquals(0.0, low.observedRate());
        assertEquals(0, p.reliabilityBins().get(0).count());
        assertNull(p.reliabilityBins().get(0).meanConfidence());
    }

    @Test
    void confidenceCorrelationMatchesTheHandComputedValue() {
        Instant t = NOW.minus(Duration.ofDays(1));
        fx.outcome("p", "BTC", "24h", "unknown", ForecastAction.LONG, true, 0.9, t);
        fx.outcome("p", "BTC", "24h", "unknown", ForecastAction.LONG, true, 0.8, t);
        fx.outcome("p", "BTC", "24h", "unknown", ForecastAction.LONG, false, 0.6, t);
        fx.outcome("p", "BTC", "24h", "unknown", ForecastAction.LONG, false, 0.4, t);
        aggregator.update(NOW);
        // cov = 0.35 / 4 = 0.0875, var(conf) = 0.1475 / 4 = 0.036875, var(correct) = 0.25
        assertEquals(0.0875 / Math.sqrt(0.036875 * 0.25), all("p").confidenceCorrelation(), 1e-12);
    }

    @Test
    void regimeNamedAllIsAGroupOfItsOwnAndCountedOnceInTheAllRegimesGroup() {
        Instant t = NOW.minus(Duration.ofDays(1));
        fx.outcome("p", "BTC", "24h", "all", ForecastAction.LONG, true, 0.6, t);
        fx.outcome("p", "BTC", "24h", "bull", ForecastAction.LONG, true, 0.6, t);
        aggregator.update(NOW);
        List<ProducerPerformance> rows = aggregator.performance("p", null, null);
        assertEquals(List.of("*", "all", "bull"), rows.stream().map(ProducerPerformance::regime).toList());
        assertEquals(List.of(2L, 1L, 1L), rows.stream().map(ProducerPerformance::count).toList());
    }

    @Test
    void outcomesLeaveTheWindowByForecastTime() {
        fx.outcome("p", "BTC", "24h", "unknown", ForecastAction.LONG, true, 0.6, NOW.minus(Duration.ofDays(80)));
        fx.outcome("p", "BTC", "24h", "unknown", ForecastAction.LONG, false, 0.6, NOW.minus(Duration.ofDays(10)));
        fx.outcome("q", "BTC", "24h", "unknown", ForecastAction.SHORT, true, 0.6, NOW.minus(Duration.ofDays(80)));
        aggregator.update(NOW);
        assertEquals(2, all("p").count());
        assertEquals(1, pair().sampleCount());
        AggregationRun later = aggregator.update(NOW.plus(Duration.ofDays(20)));
        assertEquals(0, later.newOutcomes());
        assertEquals(1, all("p").count(), "the 80-day-old forecast is now 100 days old");
        assertTrue(aggregator.performance("q", null, null).isEmpty());
        assertTrue(aggregator.correlation(null, null).isEmpty());
        // and back: an earlier instant brings it back into the window
        aggregator.update(NOW);
        assertEquals(2, all("p").count());
        assertEquals(1, pair().sampleCount());
    }

    @Test
    void aRunFoldsInOnlyTheOutcomesThatAreNew() {
        outcomes("p", 10, 7, 0.7);
        assertEquals(10, aggregator.update(NOW).newOutcomes());
        assertEquals(0, aggregator.update(NOW).newOutcomes());
        fx.outcome("p", "BTC", "24h", "unknown", ForecastAction.LONG, true, 0.7, NOW.minus(Duration.ofHours(30)));
        AggregationRun run = aggregator.update(NOW);
        assertEquals(1, run.newOutcomes());
        assertEquals(11, all("p").count());
        assertEquals(8.0 / 11, all("p").winRate(), 1e-12);
    }

    @Test
    void resolvedForecastsFlowIntoThePerformanceTables() {
        Instant made = NOW.minus(Duration.ofHours(30));
        fx.hourlyBars("BTC", made, 100);
        fx.hourlyBars("BTC", made.plus(Duration.ofHours(24)), 110);
        fx.forecast("BTC", "24h", ForecastAction.LONG, 0.8, made, "ta@1.0", "bull");
        fx.forecast("BTC", "24h", ForecastAction.SHORT, 0.6, made, "macro@2", "bull");
        assertEquals(2, fx.resolver().resolveDue(NOW).resolved());
        aggregator.update(NOW);
        ProducerPerformance ta = aggregator.performance("ta", "BTC", "24h").get(0);
        assertEquals(1, ta.count());
        assertEquals(0.04, ta.meanBrier(), 1e-12);
        ProducerCorrelation c = pair();
        assertEquals("macro", c.producerA());
        assertEquals(0.0, c.agreementRate());
        assertEquals(0.0, c.disagreementWinRateA());
        assertEquals(1.0, c.disagreementWinRateB());
    }
}
