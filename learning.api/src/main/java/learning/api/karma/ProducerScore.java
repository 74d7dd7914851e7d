package learning.api.karma;

import java.time.Duration;

/**
 * A producer's score at an instant.
 *
 * @param producerId the producer
 * @param staleness time since its last success, or null when it never succeeded or reported no health
 * @param errorRate consecutive failures / 10, capped at 1, in [0, 1]
 * @param winRate its own win rate over the trades it contributed to in the 30 days before the
 *        instant, or null below 20 such trades
 * @param observations how many such trades
 * @param karma its karma score, or null without karma
 */
public record ProducerScore(String producerId, Duration staleness, double errorRate, Double winRate,
        int observations, Double karma) {
}
