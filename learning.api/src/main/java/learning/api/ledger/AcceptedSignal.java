package learning.api.ledger;

/**
 * A producer's signal that was accepted into a trade (event {@code attribution.signal_accepted.v1}).
 *
 * @param tradeId the position id of the trade
 * @param producerId the producer that emitted the signal
 * @param domain the producer's domain (curator, onchain, ...), or {@code "unknown"}
 * @param signalEventId the id of the signal event, unique per trade (dedupe key part)
 * @param contributionWeight the signal's share in the trade, finite and at least 0
 * @param direction the signal's direction (long, short, flat), or null
 * @param confidence the signal's confidence in [0, 1], or null
 * @param horizon the signal's horizon label (for example {@code "4h"}), or null
 */
public record AcceptedSignal(String tradeId, String producerId, String domain, String signalEventId,
        double contributionWeight, String direction, Double confidence, String horizon) {
}
