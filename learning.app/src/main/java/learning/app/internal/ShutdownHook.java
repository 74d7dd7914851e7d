package learning.app.internal;

import java.util.concurrent.TimeUnit;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the OSGi framework when the JVM is asked to shut down (SIGTERM, SIGINT, a service
 * manager stopping the engine).
 * <p>
 * The bnd launcher inside {@code learning-engine.jar} registers no such hook: without this one
 * the JVM would end with every bundle still active, so no component would be deactivated and the
 * store would never close its database. With it, the framework stops as it does on a shell
 * {@code stop 0}: bundles stop in reverse start-level order, DS deactivates the components, and the
 * JVM ends once the framework has stopped (or after {@link #STOP_TIMEOUT_SECONDS}).
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class ShutdownHook implements BundleActivator {
    /** The longest the JVM waits for the framework to stop before it halts anyway. */
    static final long STOP_TIMEOUT_SECONDS = 20;

    private volatile Thread hook;

    @Override
    public void start(BundleContext context) {
        Framework framework = (Framework) context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        Thread thread = new Thread(() -> stopFramework(framework), "learning-engine-shutdown");
        Runtime.getRuntime().addShutdownHook(thread);
        hook = thread;
    }

    @Override
    public void stop(BundleContext context) {
        Thread thread = hook;
        hook = null;
        if (thread == null || Thread.currentThread() == thread) {
            return;
        }
        try {
            // The framework stops for another reason (shell, update): the hook has nothing left to do.
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shutdownInProgress) {
            // The JVM is already running the hooks; ours is the one stopping us.
        }
    }

    private static void stopFramework(Framework framework) {
        Logger log = LoggerFactory.getLogger(ShutdownHook.class);
        log.info("JVM shutdown requested: stopping the OSGi framework");
        long started = System.nanoTime();
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log.warn("the OSGi framework did not stop within {} s; the JVM ends anyway", STOP_TIMEOUT_SECONDS);
            } else {
                log.info("OSGi framework stopped in {} ms", millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("stopping the OSGi framework failed", e);
        }
    }
}
