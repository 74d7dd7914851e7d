package learning.api.karma;

import java.time.Instant;

/**
 * A producer's karma: an EMA of its trade outcomes, {@code karma = karma * 0.95 + outcome * 0.05},
 * starting at 0, so it lies in [-1, 1].
 *
 * @param producerId the producer
 * @param karmaScore the EMA, in [-1, 1]
 * @param winCount trades with PnL above 0.01 USD
 * @param lossCount trades with PnL below -0.01 USD
 * @param neutralCount trades in between (no change to the score)
 * @param totalTrades all trades it contributed to
 * @param lastUpdated when it last changed
 */
public record ProducerKarma(String producerId, double karmaScore, int winCount, int lossCount, int neutralCount,
        int totalTrades, Instant lastUpdated) {
}
