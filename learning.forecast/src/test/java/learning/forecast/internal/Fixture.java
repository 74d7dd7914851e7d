package learning.forecast.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.event.Event;
import learning.api.event.EventQuery;
import learning.api.event.EventTypes;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.PriceBar;
import learning.api.price.PriceSource;
import learning.store.internal.Store;

/** A real store in memory, with helpers to write forecasts and bars and read outcomes back. */
final class Fixture implements AutoCloseable {
    final Store store = Store.open("jdbc:hsqldb:mem:forecast-" + UUID.randomUUID());
    final List<PriceSource> sources = new CopyOnWriteArrayList<>();
    private int serial;

    DefaultOutcomeResolver resolver() {
        return resolver(ResolverSettings.defaults());
    }

    DefaultOutcomeResolver resolver(ResolverSettings settings) {
        return new DefaultOutcomeResolver(store.database(), store.events(), store.ledger(), () -> List.copyOf(sources),
                settings);
    }

    Forecast forecast(String asset, String horizon, ForecastAction action, double confidence, Instant ts) {
        return forecast(asset, horizon, action, confidence, ts, "test-producer@1.0", "unknown");
    }

    Forecast forecast(String asset, String horizon, ForecastAction action, double confidence, Instant ts, String source,
            String regime) {
        Forecast f = new Forecast("fc-" + (++serial), asset, horizon, action, confidence, source, regime, ts, null);
        return store.ledger().recordForecasts(List.of(f)).get(0);
    }

    /** Hourly bars of one asset: the first closes at {@code firstClose}, one more every hour. */
    void hourlyBars(String asset, Instant firstClose, double... closes) {
        bars(asset, "1h", Duration.ofHours(1), firstClose, closes);
    }

    void bars(String asset, String interval, Duration length, Instant firstClose, double... closes) {
        List<PriceBar> bars = new ArrayList<>();
        for (int i = 0; i < closes.length; i++) {
            Instant close = firstClose.plus(length.multipliedBy(i));
            double c = closes[i];
            bars.add(new PriceBar(asset, interval, close.minus(length), close, c, c, c, c, 1.0, "test"));
        }
        store.ledger().recordPriceBars(bars);
    }

    /** One bar closing at {@code close} with the given close price (open equal to it). */
    void bar(String asset, String interval, Duration length, Instant close, double price) {
        store.ledger().recordPriceBars(List.of(new PriceBar(asset, interval, close.minus(length), close, price, price,
                price, price, 1.0, "test")));
    }

    /**
     * Writes a resolved outcome straight into {@code forecast_outcomes}, as the resolver would, for
     * aggregator tests that need many outcomes with chosen properties.
     */
    void outcome(String producer, String asset, String horizon, String regime, ForecastAction action, boolean correct,
            double confidence, Instant forecastTs) {
        ForecastTables.migrate(store.database());
        long n = ++serial;
        store.database().inTransaction(c -> {
            try (var p = c.prepareStatement("INSERT INTO forecast_outcomes (forecast_event_id, forecast_event_seq,"
                    + " forecast_id, producer_id, asset, horizon, action, confidence, forecast_price,"
                    + " actual_price, return_actual_pct, direction_correct, brier_score, log_score, regime_at_forecast,"
                    + " forecast_ts, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, "fe-" + n);
                p.setLong(2, n);
                p.setString(3, "fc-" + n);
                p.setString(4, producer);
                p.setString(5, asset);
                p.setString(6, horizon);
                p.setString(7, action.wireName());
                p.setDouble(8, confidence);
                p.setDouble(9, 100);
                p.setDouble(10, 101);
                p.setDouble(11, 1);
                p.setBoolean(12, correct);
                p.setDouble(13, Scoring.brier(confidence, correct));
                p.setDouble(14, Scoring.logScore(confidence, correct));
                p.setString(15, regime);
                p.setObject(16, Times.timestamp(forecastTs));
                p.setObject(17, Times.timestamp(forecastTs));
                p.executeUpdate();
            }
            try (var p = c.prepareStatement("UPDATE forecast_outcome_counts SET resolved = resolved + 1")) {
                p.executeUpdate();
            }
            return null;
        });
    }

    List<Event> outcomeEvents() {
        return store.events().query(new EventQuery(EventTypes.FORECAST_OUTCOME, null, 10_000));
    }

    static JsonObject payload(Event e) {
        return JsonParser.parseString(e.payload()).getAsJsonObject();
    }

    @Override
    public void close() {
        store.close();
    }
}
