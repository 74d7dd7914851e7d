package learning.api.cycle;

import java.time.Instant;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One cycle a component offers to the loop, published with the service property
 * {@code learning.cycle.name} (see {@link learning.api.LearningCycleName}).
 */
@ConsumerType
public interface LearningCycle {
    /**
     * Runs the cycle at an instant. Throwing marks the run failed.
     *
     * @param asOf the instant
     * @return what it did, by name
     */
    Map<String, Object> run(Instant asOf);
}
