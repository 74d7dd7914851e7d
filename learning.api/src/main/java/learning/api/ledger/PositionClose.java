package learning.api.ledger;

import java.time.Instant;

/**
 * The closing of a position.
 *
 * @param closedAt when it closed (UTC), not before the position's {@code opened_at}
 * @param realizedPnl realized profit or loss in USD, finite
 * @param maxDrawdownDuring worst drawdown while open as a fraction, finite, or null
 * @param exitPrice exit price in USD, positive, or null
 */
public record PositionClose(Instant closedAt, double realizedPnl, Double maxDrawdownDuring, Double exitPrice) {
}
