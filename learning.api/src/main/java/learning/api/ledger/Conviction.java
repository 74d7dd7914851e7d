package learning.api.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A conviction score from the synthesis step, with the domain scores it was built from.
 *
 * @param id the conviction id that positions refer to
 * @param cycleId the synthesis cycle that produced it
 * @param symbol the asset
 * @param score the conviction score as the engine reports it (finite)
 * @param ts when it was produced (UTC)
 * @param domainScores score per domain name (curator, onchain, tradfi, social, technical, events,
 *        or others), each finite, normally in [0, 1]
 * @param skills names of skill files the conviction used (may be empty)
 * @param patterns names of patterns the conviction matched (may be empty)
 * @param outcome the realized PnL in USD of the position it opened, once attributed, else null
 * @param outcomeTs when the outcome was attributed, else null
 */
public record Conviction(String id, String cycleId, String symbol, double score, Instant ts,
        Map<String, Double> domainScores, List<String> skills, List<String> patterns, Double outcome,
        Instant outcomeTs) {
}
