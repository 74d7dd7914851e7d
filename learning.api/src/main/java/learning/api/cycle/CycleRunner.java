package learning.api.cycle;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Runs cycles on demand, never the same cycle twice at once, and records every run. */
@ProviderType
public interface CycleRunner {
    /**
     * @param cycle a cycle name (see {@link CycleNames})
     * @param asOf the instant to run it for
     * @return its report; {@code SKIPPED} when it was already running
     * @throws learning.api.NotFoundException when no such cycle is installed
     */
    CycleReport run(String cycle, Instant asOf);

    /**
     * @param limit at most this many, newest first
     * @return recorded runs
     */
    List<CycleReport> recentRuns(int limit);

    /**
     * The runs of one cycle, so that a rarely run cycle (weights, weekly) is found however many
     * runs of the frequent ones came after it.
     *
     * @param cycle a cycle name (see {@link CycleNames})
     * @param limit at most this many, newest first (1 to 10,000)
     * @return recorded runs of that cycle, including skipped ones; empty when it never ran
     * @since 1.2
     */
    List<CycleReport> recentRuns(String cycle, int limit);
}
