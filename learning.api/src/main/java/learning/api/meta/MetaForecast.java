package learning.api.meta;

import java.time.Instant;

import learning.api.ledger.ForecastAction;

/**
 * The meta-producer's answer for one asset and horizon.
 *
 * @param forecastId a new id
 * @param asset the asset
 * @param horizon the horizon label
 * @param action the call, or {@code NO_FORECAST} when abstaining
 * @param confidence the matched episodes' win rate, rounded to 3 decimals; 0 when abstaining
 * @param source {@code meta@<version>} of the implementation
 * @param abstentionReason why it abstained, or null when it forecasts
 * @param pattern the ensemble pattern it used, for example {@code "a=long,b=long"}, or null
 * @param episodes matching episodes found
 * @param winRate their win rate, or null without episodes
 * @param asOf the call's instant
 */
public record MetaForecast(String forecastId, String asset, String horizon, ForecastAction action,
        double confidence, String source, AbstentionReason abstentionReason, String pattern, int episodes,
        Double winRate, Instant asOf) {
}
