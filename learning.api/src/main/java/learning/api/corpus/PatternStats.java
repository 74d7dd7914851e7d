package learning.api.corpus;

/**
 * Outcomes of the positions whose conviction matched a pattern.
 *
 * @param pattern the pattern name
 * @param matches matches with an outcome
 * @param wins outcomes with PnL above 0
 * @param winRate wins / matches, or null without matches
 */
public record PatternStats(String pattern, int matches, int wins, Double winRate) {
}
