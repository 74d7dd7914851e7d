package learning.api.attribution;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Attributes closed positions to their convictions, once per position
 * (dedupe key {@code learning:outcome:{position_id}}).
 */
@ProviderType
public interface OutcomeAttributor {
    /**
     * @param positionId a closed position
     * @return what was done
     * @throws learning.api.NotFoundException when the position is unknown
     * @throws learning.api.ConflictException when it is not closed
     */
    AttributionResult attribute(String positionId);

    /**
     * Attributes every closed position, closed at or before {@code asOf}, that is not attributed
     * yet and is not a known gap.
     *
     * @param asOf the sweep's instant
     * @return counts
     */
    AttributionSweep sweep(Instant asOf);

    /** @return how many closed positions are attribution gaps */
    long gapCount();
}
