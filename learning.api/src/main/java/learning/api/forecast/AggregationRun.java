package learning.api.forecast;

import java.time.Instant;

/**
 * What an aggregator run did.
 *
 * @param asOf the run's instant
 * @param newOutcomes outcomes folded in by this run
 * @param producerGroups producer groups updated
 * @param pairs producer pairs updated
 */
public record AggregationRun(Instant asOf, int newOutcomes, int producerGroups, int pairs) {
}
