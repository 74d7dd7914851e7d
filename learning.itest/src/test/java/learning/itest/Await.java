package learning.itest;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling for what the framework does asynchronously (configuration updates, bundle
 * starts, the whiteboard picking up a servlet). Every wait has a limit; on timeout the test fails
 * with the last value seen, so a report says what the engine was doing instead.
 */
final class Await {
    /** How long anything in these tests may take to settle, in ms; generous for a loaded 2-core machine. */
    static final long TIMEOUT_MILLIS = 30_000;
    /** {@link #TIMEOUT_MILLIS} as a duration. */
    static final Duration TIMEOUT = Duration.ofMillis(TIMEOUT_MILLIS);
    private static final long PAUSE_MILLIS = 50;

    private Await() {
    }

    /**
     * @param <T> what the probe returns
     * @param what the awaited condition, for the failure message
     * @param probe reads the current state; may return null
     * @param done whether that state is the awaited one
     * @return the first state that satisfied {@code done}
     */
    static <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T last;
        while (true) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                return fail("not within " + TIMEOUT.toSeconds() + " s: " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted while waiting for: " + what);
            }
        }
    }
}
