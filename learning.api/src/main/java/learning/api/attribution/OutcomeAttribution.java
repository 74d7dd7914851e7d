package learning.api.attribution;

import java.util.Map;

/**
 * The payload of {@code learning.outcome.v1}: a closed position linked to its conviction.
 *
 * @param positionId the position
 * @param convictionId the conviction that opened it
 * @param realizedPnl realized PnL in USD
 * @param directionCorrect true when {@code realizedPnl > 0} (zero is not correct)
 * @param timeHeldHours hours between opening and closing, at least 0
 * @param maxDrawdownPct worst drawdown while open as reported (fraction), 0 when not reported
 * @param regimeAtEntry regime label at entry, empty when not reported
 * @param domainScoresAtEntry the conviction's domain scores, by domain name
 */
public record OutcomeAttribution(String positionId, String convictionId, double realizedPnl,
        boolean directionCorrect, double timeHeldHours, double maxDrawdownPct, String regimeAtEntry,
        Map<String, Double> domainScoresAtEntry) {
}
