package learning.api.karma;

/**
 * One producer's share of {@code attribution.outcome.v1}.
 *
 * @param producerId the producer
 * @param domain its domain
 * @param contributionWeight its accepted signals' summed contribution weight
 * @param outcome +1 (win), -1 (loss) or 0 (neutral)
 * @param karmaDelta how much its karma moved
 */
public record ProducerOutcome(String producerId, String domain, double contributionWeight, double outcome,
        double karmaDelta) {
}
