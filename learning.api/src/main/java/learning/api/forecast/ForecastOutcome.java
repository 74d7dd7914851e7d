package learning.api.forecast;

import java.time.Instant;

import learning.api.ledger.ForecastAction;

/**
 * A resolved forecast (payload of {@code forecast.outcome.v1}).
 *
 * @param forecastEventId the id of the {@code forecast.v1} event
 * @param forecastId the producer's forecast id
 * @param producerId the producer (the forecast's source before any {@code @})
 * @param asset the asset
 * @param horizon the horizon label
 * @param forecastAction long, short or flat
 * @param forecastConfidence the forecast's confidence in [0, 1]
 * @param forecastPrice the price at the forecast's time
 * @param actualPrice the price at the target time (forecast time + horizon)
 * @param returnActualPct {@code (actual - forecast) / forecast * 100}
 * @param directionCorrect whether the call was right
 * @param brierScore {@code (confidence - correct)^2}, in [0, 1]
 * @param logScore {@code -ln(p)} of the probability given to what happened, with p clipped to
 *        [1e-6, 1 - 1e-6]; 0 is perfect
 * @param regimeAtForecast the forecast's regime tag
 * @param forecastTs when the forecast was made
 * @param resolvedAt the resolver run's instant
 */
public record ForecastOutcome(String forecastEventId, String forecastId, String producerId, String asset,
        String horizon, ForecastAction forecastAction, double forecastConfidence, double forecastPrice,
        double actualPrice, double returnActualPct, boolean directionCorrect, double brierScore, double logScore,
        String regimeAtForecast, Instant forecastTs, Instant resolvedAt) {
}
