package learning.api.meta;

/**
 * How a set of resolved forecasts fared: the figures an operator weighs before switching the
 * meta-producer live.
 *
 * @param resolved forecasts resolved so far
 * @param wins how many of them were right
 * @param winRate {@code wins / resolved}, or null without resolved forecasts
 * @param wilsonLow lower end of the Wilson 95 % interval of the win rate, or null without resolved forecasts
 * @param wilsonHigh upper end of that interval, or null without resolved forecasts
 * @param meanBrier mean Brier score {@code (confidence - correct)^2}, in [0, 1] (lower is better), or
 *        null without resolved forecasts
 */
public record MetaTrackRecord(long resolved, long wins, Double winRate, Double wilsonLow, Double wilsonHigh,
        Double meanBrier) {
}
