package learning.api.attribution;

/**
 * The result of attributing one closed position.
 *
 * @param positionId the position
 * @param status attributed, already attributed, or a gap
 * @param attribution the attribution (also for {@code ALREADY_ATTRIBUTED}), null for a gap
 * @param eventId the id of the {@code learning.outcome.v1} event, null for a gap
 */
public record AttributionResult(String positionId, AttributionStatus status, OutcomeAttribution attribution,
        String eventId) {
}
