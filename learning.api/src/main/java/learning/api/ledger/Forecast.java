package learning.api.ledger;

import java.time.Instant;

/**
 * A producer's forecast (event {@code forecast.v1}).
 *
 * @param forecastId the producer's id for it, unique (dedupe key part)
 * @param asset the asset, upper case
 * @param horizon the horizon label, see {@link Horizon}
 * @param action long, short, flat or no_forecast
 * @param confidence probability that the call is right, in [0, 1]
 * @param source the producer as {@code name} or {@code name@version}
 * @param regimeTag market regime label at forecast time, {@code "unknown"} when not given
 * @param ts when the forecast was made (UTC)
 * @param eventId the id of its {@code forecast.v1} event once stored, else null
 */
public record Forecast(String forecastId, String asset, String horizon, ForecastAction action, double confidence,
        String source, String regimeTag, Instant ts, String eventId) {
}
