package learning.api.forecast;

import java.time.Instant;

/**
 * What a resolver run did.
 *
 * @param asOf the run's instant: forecasts whose target is at least 5 minutes before it are due
 * @param resolved forecasts resolved now
 * @param missingPrice due forecasts without prices yet (retried later)
 * @param unresolvable forecasts given up on now (no price long after their target)
 */
public record ResolutionRun(Instant asOf, int resolved, int missingPrice, int unresolvable) {
}
