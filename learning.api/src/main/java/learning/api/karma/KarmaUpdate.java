package learning.api.karma;

import java.util.List;

/**
 * The karma updates for one closed trade (payload of {@code attribution.outcome.v1}).
 *
 * @param tradeId the position id
 * @param realizedPnlUsd its realized PnL in USD
 * @param confidenceBucket high (mean signal confidence above 0.65), low (below 0.45), mid, or unknown
 *        when no signal reported a confidence
 * @param producers one entry per producer with an accepted signal for the trade
 * @param applied true when this call applied the updates, false when they had been applied before
 */
public record KarmaUpdate(String tradeId, double realizedPnlUsd, String confidenceBucket,
        List<ProducerOutcome> producers, boolean applied) {
}
