package learning.api.ledger;

import java.time.Instant;

/**
 * A producer's health as last reported.
 *
 * @param name the producer id
 * @param lastSuccessAt when it last produced successfully, or null if never
 * @param consecutiveFailures failures since that success, at least 0
 */
public record ProducerHealth(String name, Instant lastSuccessAt, int consecutiveFailures) {
}
