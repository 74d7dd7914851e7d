package learning.console.internal.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import learning.console.internal.EmbeddedFelix;

/**
 * The start-up part of {@code /health/ready} against a real (embedded) Felix framework: a bundle
 * the launcher marked to start at a start level the framework has not reached yet keeps the
 * engine from being ready, until the framework gets there; after that, start-up is over.
 */
class StartUpReadinessTest {
    @TempDir
    Path dir;

    private EmbeddedFelix felix;
    private Framework framework;

    @BeforeEach
    void start() throws Exception {
        felix = EmbeddedFelix.start(dir);
        framework = felix.framework;
    }

    @AfterEach
    void stop() throws Exception {
        felix.close();
    }

    @Test
    void aBundleMarkedToStartAtAHigherLevelKeepsTheEngineUnreadyUntilItStartsThenStartUpIsOver()
            throws Exception {
        Bundle late = markedToStart("late.bundle", 5);
        ReadinessCheck check = new ReadinessCheck(framework.getBundleContext(), noComponents());

        List<NotReady> waiting = startUp(check);
        assertEquals(1, waiting.size(), waiting.toString());
        assertEquals("late.bundle", waiting.get(0).bundle());
        assertTrue(waiting.get(0).detail().contains("start level 5"), waiting.toString());

        raiseStartLevelTo(5);
        assertEquals(Bundle.ACTIVE, late.getState());
        assertEquals(List.of(), startUp(check), "the framework has started what it was asked to");

        // Start-up is over: a bundle installed later that cannot start yet is not a start-up matter.
        markedToStart("later.bundle", 9);
        assertEquals(List.of(), startUp(check));
    }

    @Test
    void aBundleStoppedByAnOperatorIsNotWaitedFor() throws Exception {
        Bundle stopped = markedToStart("stopped.bundle", 5);
        stopped.stop();
        ReadinessCheck check = new ReadinessCheck(framework.getBundleContext(), noComponents());

        assertEquals(List.of(), startUp(check));
    }

    /** What the check reports about start-up (the database is not part of this test). */
    private static List<NotReady> startUp(ReadinessCheck check) {
        return check.check(null).notReady().stream().filter(n -> n.bundle() != null).toList();
    }

    private Bundle markedToStart(String name, int startLevel) throws Exception {
        Bundle b = framework.getBundleContext().installBundle(felix.bundle(name, "1.0.0"));
        b.adapt(BundleStartLevel.class).setStartLevel(startLevel);
        b.start();
        assertTrue(b.getState() != Bundle.ACTIVE, "not started above the framework's start level");
        return b;
    }

    private void raiseStartLevelTo(int level) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                done.countDown();
            }
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "the framework reached start level " + level);
    }

    /** A component runtime without components: no learning bundle is installed here. */
    private static ServiceComponentRuntime noComponents() {
        return (ServiceComponentRuntime) Proxy.newProxyInstance(StartUpReadinessTest.class.getClassLoader(),
                new Class<?>[] {ServiceComponentRuntime.class}, (proxy, method, args) -> {
                    if (Collection.class.isAssignableFrom(method.getReturnType())) {
                        return List.of();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
