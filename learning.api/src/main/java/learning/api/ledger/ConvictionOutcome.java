package learning.api.ledger;

import java.time.Instant;

/**
 * The realized outcome of a conviction, as attribution records it.
 *
 * @param convictionId the conviction, stored in the ledger
 * @param realizedPnl the PnL in USD of the position it opened, finite
 * @param outcomeTs when it was attributed (UTC)
 */
public record ConvictionOutcome(String convictionId, double realizedPnl, Instant outcomeTs) {
}
