package learning.forecast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import learning.api.forecast.ForecastOutcome;
import learning.api.forecast.OutcomeQuery;
import learning.api.ledger.ForecastAction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading resolved outcomes newest first, over a long history, with filters. */
class OutcomeHistoryTest {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    final Fixture fx = new Fixture();
    final SqlOutcomeHistory history = new SqlOutcomeHistory(fx.store.database());

    @AfterEach
    void close() {
        fx.close();
    }

    record Written(String producer, String asset, Instant ts) {
    }

    @Test
    void newestForecastsComeFirstAcrossYearsOfOutcomesWithAnyFilter() {
        Random random = new Random(7);
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // mostly recent, some from years back, one rare producer far in the past
            long minutes = i % 10 == 0 ? random.nextInt(800 * 24 * 60) : random.nextInt(5 * 24 * 60);
            Instant ts = START.plus(Duration.ofDays(800)).minus(Duration.ofMinutes(minutes));
            String producer = i == 13 ? "rare" : "p" + (i % 3);
            String asset = i % 2 == 0 ? "BTC" : "ETH";
            fx.outcome(producer, asset, "4h", "bull", ForecastAction.LONG, i % 4 == 0, 0.6, ts);
            written.add(new Written(producer, asset, ts));
        }
        written.sort(Comparator.comparing(Written::ts).reversed());
        assertEquals(300, history.resolvedCount());

        List<ForecastOutcome> newest = history.outcomes(new OutcomeQuery(null, null, null, null, 40));
        assertEquals(written.subList(0, 40).stream().map(Written::ts).toList(),
                newest.stream().map(ForecastOutcome::forecastTs).toList());

        List<ForecastOutcome> all = history.outcomes(new OutcomeQuery(null, null, null, null, 10_000));
        assertEquals(written.stream().map(Written::ts).toList(), all.stream().map(ForecastOutcome::forecastTs).toList());

        List<ForecastOutcome> rare = history.outcomes(new OutcomeQuery("rare", null, null, null, 100));
        assertEquals(1, rare.size());

        List<Written> eth = written.stream().filter(w -> w.asset().equals("ETH")).toList();
        assertEquals(eth.subList(0, 25).stream().map(Written::ts).toList(),
                history.outcomes(new OutcomeQuery(null, "eth", "4H", null, 25)).stream().map(ForecastOutcome::forecastTs)
                        .toList());

        Instant since = START.plus(Duration.ofDays(797));
        long recent = written.stream().filter(w -> !w.ts().isBefore(since)).count();
        assertEquals(recent, history.outcomes(new OutcomeQuery(null, null, null, since, 10_000)).size());
    }

    @Test
    void noOutcomesReadAsAnEmptyList() {
        assertEquals(List.of(), history.outcomes(new OutcomeQuery(null, null, null, null, 10)));
        assertEquals(0, history.resolvedCount());
    }
}
