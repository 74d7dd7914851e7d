package learning.console.internal.read;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import learning.api.ValidationException;
import learning.api.forecast.ForecastOutcome;
import learning.api.forecast.OutcomeHistory;
import learning.api.forecast.OutcomeQuery;
import learning.api.forecast.PerformanceAggregator;
import learning.api.forecast.ProducerCorrelation;
import learning.api.forecast.ProducerPerformance;
import learning.api.forecast.ReliabilityBin;
import learning.api.ledger.Horizon;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.api.QueryParameters;
import learning.console.internal.json.JsonOutput;

/**
 * The forecast-level reads: {@code GET /outcomes} (resolved forecasts, newest first),
 * {@code GET /performance} (the aggregator's producer groups) and {@code GET /correlation} (its
 * producer pairs). Filters are query parameters; an unknown horizon or a bad limit is a 400 that
 * names the parameter.
 */
public final class ForecastHandlers {
    private static final int MAX_FILTER = 128;

    private final Supplier<OutcomeHistory> history;
    private final Supplier<PerformanceAggregator> aggregator;

    /**
     * @param history the outcome history while it runs, else a supplier of null
     * @param aggregator the performance aggregator while it runs, else a supplier of null
     */
    public ForecastHandlers(Supplier<OutcomeHistory> history, Supplier<PerformanceAggregator> aggregator) {
        this.history = history;
        this.aggregator = aggregator;
    }

    /**
     * @param request with optional {@code producer_id}, {@code asset}, {@code horizon},
     *        {@code since}, {@code limit}
     * @return 200 with resolved outcomes, newest forecast first
     */
    public ApiResponse outcomes(ApiRequest request) {
        QueryParameters q = request.query();
        OutcomeQuery query = new OutcomeQuery(text(q, "producer_id"), asset(q), horizon(q),
                ReadParameters.since(q), ReadParameters.limit(q));
        OutcomeHistory service = history.get();
        if (service == null) {
            return ServiceUnavailable.answer("the outcome history");
        }
        List<ForecastOutcome> rows = service.outcomes(query);
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginArray();
            for (ForecastOutcome o : rows) {
                outcome(out, o);
            }
            out.endArray();
        }));
    }

    /**
     * @param request with optional {@code producer_id}, {@code asset}, {@code horizon},
     *        {@code regime} ({@code *} for the all-regimes rows) and {@code limit}
     * @return 200 with producer performance rows
     */
    public ApiResponse performance(ApiRequest request) {
        QueryParameters q = request.query();
        String producer = text(q, "producer_id");
        String asset = asset(q);
        String horizon = horizon(q);
        String regime = text(q, "regime");
        int limit = ReadParameters.limit(q);
        PerformanceAggregator service = aggregator.get();
        if (service == null) {
            return ServiceUnavailable.answer("the performance aggregator");
        }
        List<ProducerPerformance> rows = service.performance(producer, asset, horizon).stream()
                .filter(p -> regime == null || regime.equals(p.regime())).limit(limit).toList();
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginArray();
            for (ProducerPerformance p : rows) {
                performance(out, p);
            }
            out.endArray();
        }));
    }

    /**
     * @param request with optional {@code asset}, {@code horizon}, {@code producer_id} (either
     *        side of the pair) and {@code limit}
     * @return 200 with producer pair rows
     */
    public ApiResponse correlation(ApiRequest request) {
        QueryParameters q = request.query();
        String asset = asset(q);
        String horizon = horizon(q);
        String producer = text(q, "producer_id");
        int limit = ReadParameters.limit(q);
        PerformanceAggregator service = aggregator.get();
        if (service == null) {
            return ServiceUnavailable.answer("the performance aggregator");
        }
        List<ProducerCorrelation> rows = service.correlation(asset, horizon).stream()
                .filter(c -> producer == null || producer.equals(c.producerA()) || producer.equals(c.producerB()))
                .limit(limit).toList();
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginArray();
            for (ProducerCorrelation c : rows) {
                out.beginObject();
                out.name("producer_a").value(c.producerA());
                out.name("producer_b").value(c.producerB());
                out.name("asset").value(c.asset());
                out.name("horizon").value(c.horizon());
                out.name("sample_count").value(c.sampleCount());
                out.name("agreement_rate").value(c.agreementRate());
                JsonOutput.number(out, "kappa", c.kappa());
                JsonOutput.number(out, "agreement_win_rate", c.agreementWinRate());
                JsonOutput.number(out, "disagreement_win_rate_a", c.disagreementWinRateA());
                JsonOutput.number(out, "disagreement_win_rate_b", c.disagreementWinRateB());
                out.endObject();
            }
            out.endArray();
        }));
    }

    private static void outcome(JsonWriter out, ForecastOutcome o) throws IOException {
        out.beginObject();
        out.name("forecast_event_id").value(o.forecastEventId());
        out.name("forecast_id").value(o.forecastId());
        out.name("producer_id").value(o.producerId());
        out.name("asset").value(o.asset());
        out.name("horizon").value(o.horizon());
        out.name("forecast_action").value(o.forecastAction().wireName());
        out.name("forecast_confidence").value(o.forecastConfidence());
        out.name("forecast_price").value(o.forecastPrice());
        out.name("actual_price").value(o.actualPrice());
        out.name("return_actual_pct").value(o.returnActualPct());
        out.name("direction_correct").value(o.directionCorrect());
        out.name("brier_score").value(o.brierScore());
        out.name("log_score").value(o.logScore());
        out.name("regime_at_forecast").value(o.regimeAtForecast());
        JsonOutput.instant(out, "forecast_ts", o.forecastTs());
        JsonOutput.instant(out, "resolved_at", o.resolvedAt());
        out.endObject();
    }

    private static void performance(JsonWriter out, ProducerPerformance p) throws IOException {
        out.beginObject();
        out.name("producer_id").value(p.producerId());
        out.name("asset").value(p.asset());
        out.name("horizon").value(p.horizon());
        out.name("regime").value(p.regime());
        out.name("count").value(p.count());
        JsonOutput.number(out, "win_rate", p.winRate());
        JsonOutput.number(out, "wilson_low", p.wilsonLow());
        JsonOutput.number(out, "wilson_high", p.wilsonHigh());
        out.name("mean_brier").value(p.meanBrier());
        out.name("mean_log_score").value(p.meanLogScore());
        out.name("mean_confidence").value(p.meanConfidence());
        JsonOutput.number(out, "confidence_correlation", p.confidenceCorrelation());
        out.name("reliability_bins").beginArray();
        for (ReliabilityBin b : p.reliabilityBins()) {
            out.beginObject();
            out.name("lower").value(b.lower());
            out.name("upper").value(b.upper());
            out.name("count").value(b.count());
            JsonOutput.number(out, "mean_confidence", b.meanConfidence());
            JsonOutput.number(out, "observed_rate", b.observedRate());
            out.endObject();
        }
        out.endArray();
        out.name("brier_reliability").value(p.brierReliability());
        out.name("brier_resolution").value(p.brierResolution());
        out.name("brier_uncertainty").value(p.brierUncertainty());
        out.endObject();
    }

    /** A free-text filter: trimmed, at most 128 characters, absent when empty. */
    private static String text(QueryParameters q, String name) {
        Optional<String> value = q.get(name).map(String::strip).filter(s -> !s.isEmpty());
        value.filter(s -> s.length() > MAX_FILTER).ifPresent(s -> {
            throw new ValidationException(name, "must be at most " + MAX_FILTER + " characters");
        });
        return value.orElse(null);
    }

    /** Assets are stored upper case, so the filter is too. */
    private static String asset(QueryParameters q) {
        String asset = text(q, "asset");
        return asset == null ? null : asset.toUpperCase(Locale.ROOT);
    }

    /** The horizon filter in its stored form ({@code 4H} finds {@code 4h}); not a horizon: 400. */
    private static String horizon(QueryParameters q) {
        String horizon = text(q, "horizon");
        if (horizon == null) {
            return null;
        }
        try {
            return Horizon.parse(horizon).label();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("horizon", e.getMessage());
        }
    }
}
