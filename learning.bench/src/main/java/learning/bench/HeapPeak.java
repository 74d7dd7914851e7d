package learning.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The most heap in use while a step runs: a daemon thread reads the heap's used bytes every 10 ms.
 * Garbage not yet collected counts, so this is the heap the step needed the JVM to hold, an upper
 * bound of its live data. A full collection runs before the step starts, outside its timing.
 */
final class HeapPeak implements AutoCloseable {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long max;

    private HeapPeak() {
        max = used();
        sampler = new Thread(() -> {
            while (running) {
                max = Math.max(max, used());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-peak");
        sampler.setDaemon(true);
    }

    /** Collects garbage, then starts sampling. */
    static HeapPeak start() {
        System.gc();
        HeapPeak p = new HeapPeak();
        p.sampler.start();
        return p;
    }

    private static long used() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** @return the peak so far in MiB, including the heap in use now */
    double mib() {
        return Math.max(max, used()) / (1024.0 * 1024.0);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
