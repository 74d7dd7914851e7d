package learning.api.weights;

import java.time.Instant;
import java.util.Map;

/**
 * A closed position inside a weights window, with the domain scores of its conviction.
 *
 * @param positionId the position
 * @param closedAt when it closed
 * @param realizedPnl its realized PnL in USD; a win is {@code > 0}
 * @param domainScores the conviction's score per domain at entry (domains without a score are absent)
 */
public record WindowPosition(String positionId, Instant closedAt, double realizedPnl,
        Map<Domain, Double> domainScores) {
}
