package learning.api.cycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The loop's cadence: which cycles run when. The engine calls {@link #tick(Instant)} on a timer;
 * tests and replays call it with simulated instants, which makes a day of cadence a loop of calls.
 */
@ProviderType
public interface CycleScheduler {
    /**
     * Runs every schedule that is due at {@code now} (each at most once per call), in schedule order.
     *
     * @param now the current instant, real or simulated
     * @return the reports of the runs it started, in order
     */
    List<CycleReport> tick(Instant now);

    /** @return per schedule name, the instant it is next due */
    Map<String, Instant> nextRuns();

    /**
     * @return per schedule name (the keys of {@link #nextRuns()}), the cycles it runs, in order
     * @since 1.2
     */
    Map<String, List<String>> scheduledCycles();

    /** @return whether the timer runs the schedules; false means cycles run on demand only */
    boolean scheduleEnabled();
}
