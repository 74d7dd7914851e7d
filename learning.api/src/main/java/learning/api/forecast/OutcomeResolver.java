package learning.api.forecast;

import java.time.Instant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The swappable role that resolves elapsed forecasts against prices, exactly once per forecast.
 * Swapped by {@code service.ranking} or {@code resolver.target}.
 */
@ConsumerType
public interface OutcomeResolver {
    /**
     * @param asOf the run's instant
     * @return what was resolved
     */
    ResolutionRun resolveDue(Instant asOf);
}
