package learning.api.ledger;

import java.time.Instant;

/**
 * A trading position as the trading engine reports it.
 *
 * @param id the position id (also the trade id of accepted signals), 1 to 128 characters
 * @param symbol the traded asset, for example {@code "BTC"}
 * @param direction long or short
 * @param status open or closed
 * @param openedAt when it was opened (UTC)
 * @param closedAt when it was closed, or null while open; never before {@code openedAt}
 * @param realizedPnl realized profit (positive) or loss (negative) in USD, or null while open
 * @param convictionId the conviction that opened it, or null (an attribution gap)
 * @param regimeAtEntry market regime label at entry (for example {@code "BULL"}), or null
 * @param maxDrawdownDuring the worst drawdown while open, as a fraction (-0.05 is 5 % down), or null
 * @param entryPrice entry price in USD, positive, or null
 * @param exitPrice exit price in USD, positive, or null while open
 * @param sizeUsd notional size in USD, positive, or null
 */
public record Position(String id, String symbol, Direction direction, PositionStatus status, Instant openedAt,
        Instant closedAt, Double realizedPnl, String convictionId, String regimeAtEntry, Double maxDrawdownDuring,
        Double entryPrice, Double exitPrice, Double sizeUsd) {
}
