package learning.api.meta;

/**
 * What an operator needs to see of a meta-producer: its mode, how far it is from its activation
 * gate, and whether its shadow forecasts have earned going live.
 *
 * @param mode the current mode
 * @param implementation the implementation's name ({@code learning.implementation}), for example {@code "default"}
 * @param source the source its live forecasts carry, {@code <name>@<version>}, for example {@code meta@1.0.0}
 * @param resolvedOutcomes resolved producer outcomes it has seen (its own forecasts' outcomes excluded)
 * @param requiredOutcomes resolved outcomes it needs before it forecasts at all (the activation gate, 500 by default)
 * @param shadowForecasts shadow forecasts it has stored, resolved or not
 * @param shadowRecord how its resolved shadow forecasts fared
 * @param ensembleRecord how the producers' ensemble fared over the same forecasts (same asset, horizon
 *        and time: the state's majority call with the mean confidence of the producers making it), or
 *        null when the implementation does not track it
 */
public record MetaStatus(MetaMode mode, String implementation, String source, long resolvedOutcomes,
        long requiredOutcomes, long shadowForecasts, MetaTrackRecord shadowRecord, MetaTrackRecord ensembleRecord) {
}
