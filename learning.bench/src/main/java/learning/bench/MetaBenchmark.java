package learning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.google.gson.JsonObject;

import org.osgi.util.converter.Converters;

import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.meta.MetaForecast;
import learning.meta.internal.MetaProducerComponent;
import learning.store.internal.Store;

/**
 * The meta-producer's produce call over a long history. The history is written as the resolver
 * writes it ({@code forecast.outcome.v1} events): 10 assets, 2 horizons, 5 producers calling in
 * every 2-hour bucket with skills from 0.55 to 0.75. The meta-producer's index is brought up to
 * date once (reported, not measured), then each call is timed: a catch-up with nothing new, the
 * state read, the pattern lookups (the exact ensemble and every sub-ensemble), and storing the
 * shadow forecast.
 */
final class MetaBenchmark {
    private static final Instant AS_OF = Instant.parse("2030-01-01T00:00:00Z");
    private static final String[] ASSETS = {"A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9"};
    private static final String[] HORIZONS = {"4h", "24h"};
    private static final int PRODUCERS = 5;

    private MetaBenchmark() {
    }

    /**
     * @param outcomes how many producer outcomes the history holds
     * @param calls how many produce calls to time
     * @return milliseconds per call
     */
    static List<Double> produce(int outcomes, int calls) throws IOException {
        Path dir = Files.createTempDirectory("bench-meta");
        try (Store store = Store.open("jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning"))) {
            long t0 = System.nanoTime();
            writeHistory(store, outcomes);
            long t1 = System.nanoTime();
            Map<String, Object> settings = new HashMap<>();
            settings.put("mode", "shadow");
            MetaProducerComponent meta = new MetaProducerComponent(store.database(), store.events(), store.ledger(),
                    "1.0.0", Converters.standardConverter().convert(settings).to(MetaProducerComponent.Config.class));
            meta.status(); // brings the index up to date
            long t2 = System.nanoTime();
            System.out.printf("  meta %,d outcomes: history written in %.1f s, indexed in %.1f s%n", outcomes,
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            Random random = new Random(7);
            List<Double> ms = new ArrayList<>();
            MetaForecast last = null;
            for (int i = 0; i <= calls; i++) {
                Instant at = AS_OF.plus(Duration.ofMinutes(10L * i));
                String asset = ASSETS[i % ASSETS.length];
                List<Forecast> state = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    state.add(new Forecast(UUID.randomUUID().toString(), asset, "24h",
                            random.nextBoolean() ? ForecastAction.LONG : ForecastAction.SHORT, 0.6, "p" + p + "@1.0",
                            "unknown", at.minus(Duration.ofMinutes(5)), null));
                }
                store.ledger().recordForecasts(state);
                long s = System.nanoTime();
                last = meta.produce(asset, "24h", at);
                double took = (System.nanoTime() - s) / 1e6;
                if (i > 0) { // the first call warms the JIT and the caches
                    ms.add(took);
                }
            }
            System.out.printf("  meta %,d outcomes: last call %s pattern %s, %d episodes, win rate %s%n", outcomes,
                    last.abstentionReason(), last.pattern(), last.episodes(), last.winRate());
            return ms;
        } finally {
            BenchMain.deleteTree(dir);
        }
    }

    private static void writeHistory(Store store, int outcomes) {
        Random random = new Random(1);
        int perBucket = PRODUCERS;
        int buckets = outcomes / perBucket;
        int series = ASSETS.length * HORIZONS.length;
        int perSeries = Math.max(1, buckets / series);
        List<NewEvent> batch = new ArrayList<>(5_000);
        int written = 0;
        for (int b = 0; b < perSeries && written < outcomes; b++) {
            Instant bucketStart = AS_OF.minus(Duration.ofHours(2L * (perSeries - b + 24)));
            for (String asset : ASSETS) {
                for (String horizon : HORIZONS) {
                    boolean up = random.nextBoolean();
                    for (int p = 0; p < PRODUCERS && written < outcomes; p++) {
                        boolean correct = random.nextDouble() < 0.55 + 0.05 * p;
                        ForecastAction call = correct == up ? ForecastAction.LONG : ForecastAction.SHORT;
                        Instant ts = bucketStart.plus(Duration.ofMinutes(10L * p));
                        batch.add(outcome("p" + p, asset, horizon, call, correct, up ? 1.2 : -1.2, ts,
                                AS_OF.minus(Duration.ofHours(1))));
                        written++;
                        if (batch.size() == 5_000) {
                            store.events().appendAll(batch);
                            batch.clear();
                        }
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            store.events().appendAll(batch);
        }
    }

    private static NewEvent outcome(String producer, String asset, String horizon, ForecastAction action,
            boolean correct, double returnPct, Instant forecastTs, Instant resolvedAt) {
        String id = UUID.randomUUID().toString();
        JsonObject o = new JsonObject();
        o.addProperty("forecast_event_id", id);
        o.addProperty("producer_id", producer);
        o.addProperty("asset", asset);
        o.addProperty("horizon", horizon);
        o.addProperty("forecast_action", action.wireName());
        o.addProperty("forecast_confidence", 0.6);
        o.addProperty("return_actual_pct", returnPct);
        o.addProperty("direction_correct", correct);
        o.addProperty("brier_score", correct ? 0.16 : 0.36);
        o.addProperty("forecast_ts", forecastTs.toString());
        o.addProperty("resolved_at", resolvedAt.toString());
        return new NewEvent(EventTypes.FORECAST_OUTCOME, resolvedAt, "brain.outcome_resolver",
                "forecast.outcome.v1:" + id, o.toString());
    }
}
