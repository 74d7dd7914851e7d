package learning.console.internal.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import learning.api.store.LearningDatabase;
import learning.console.internal.read.BundleStates;

/**
 * The engine is ready when the framework has started every bundle it was asked to start (once:
 * the start levels are raised one after the other, and File Install, started last, applies
 * {@code deploy/}), the database answers, every learning bundle is active, the component runtime
 * has loaded the components of each, and every one of them is satisfied or active.
 */
public final class ReadinessCheck {
    /** Bundles whose symbolic name starts with this are checked. */
    static final String BUNDLE_PREFIX = "learning.";
    /** The manifest header that lists a bundle's component descriptions. */
    private static final String SERVICE_COMPONENT = "Service-Component";

    private final BundleContext context;
    private final ServiceComponentRuntime runtime;
    /** Set once every bundle marked to start has been seen started; never cleared. */
    private volatile boolean startedUp;

    /**
     * The outcome.
     *
     * @param databaseUp whether the database answered
     * @param componentsChecked how many components were looked at
     * @param notReady what is not ready; empty when ready
     */
    public record Report(boolean databaseUp, int componentsChecked, List<NotReady> notReady) {
        /** @return true when nothing keeps the engine from being ready */
        public boolean ready() {
            return notReady.isEmpty();
        }

        /**
         * @param more one more thing that is not ready
         * @return this report with it added
         */
        public Report with(NotReady more) {
            List<NotReady> all = new ArrayList<>(notReady);
            all.add(more);
            return new Report(databaseUp, componentsChecked, List.copyOf(all));
        }
    }

    /**
     * @param context the console bundle's context
     * @param runtime the component runtime
     */
    public ReadinessCheck(BundleContext context, ServiceComponentRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
    }

    /**
     * @param database the database, or null when its service is not registered
     * @return the report
     */
    public Report check(LearningDatabase database) {
        List<NotReady> notReady = new ArrayList<>();
        boolean databaseUp = database != null && healthy(database);
        if (!databaseUp) {
            notReady.add(new NotReady(null, null, "database down",
                    database == null ? "no LearningDatabase service" : "the database does not answer"));
        }
        if (!startedUp) {
            List<NotReady> starting = stillStarting();
            startedUp = starting.isEmpty();
            notReady.addAll(starting);
        }
        List<Bundle> bundles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name == null || !name.startsWith(BUNDLE_PREFIX)) {
                continue;
            }
            bundles.add(b);
            if (!running(b)) {
                notReady.add(new NotReady(name, null, "bundle " + BundleStates.name(b.getState()), ""));
            }
        }
        // An empty argument would mean "every bundle", so no learning bundle means nothing to check.
        Collection<ComponentDescriptionDTO> descriptions = bundles.isEmpty() ? List.of()
                : runtime.getComponentDescriptionDTOs(bundles.toArray(new Bundle[0]));
        ComponentReadiness.Result components = ComponentReadiness.check(descriptions, runtime::isComponentEnabled,
                runtime::getComponentConfigurationDTOs);
        notReady.addAll(components.notReady());
        Set<String> described = new HashSet<>();
        for (ComponentDescriptionDTO d : descriptions) {
            if (d.bundle != null) {
                described.add(d.bundle.symbolicName);
            }
        }
        List<String> declaring = new ArrayList<>();
        for (Bundle b : bundles) {
            if (running(b) && b.getHeaders("").get(SERVICE_COMPONENT) != null) {
                declaring.add(b.getSymbolicName());
            }
        }
        notReady.addAll(ComponentReadiness.notLoaded(declaring, described));
        return new Report(databaseUp, components.checked(), List.copyOf(notReady));
    }

    /**
     * Bundles marked to start (by the launcher, or persistently by anyone) that have not started
     * yet, while the framework starts up. An operator who stops a bundle later unmarks it; a bundle
     * that fails to start keeps the engine from being ready, as a failed start should.
     */
    private List<NotReady> stillStarting() {
        List<NotReady> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() == 0 || b.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            BundleStartLevel level = b.adapt(BundleStartLevel.class);
            if (level == null || !level.isPersistentlyStarted() || b.getState() == Bundle.ACTIVE) {
                continue;
            }
            // A lazily activated bundle waits in STARTING for its first class load.
            String policy = b.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY);
            if (b.getState() == Bundle.STARTING && level.isActivationPolicyUsed() && policy != null
                    && policy.trim().startsWith(Constants.ACTIVATION_LAZY)) {
                continue;
            }
            out.add(new NotReady(b.getSymbolicName(), null, "bundle " + BundleStates.name(b.getState()),
                    "marked to start at start level " + level.getStartLevel() + "; not started yet"));
        }
        return out;
    }

    private static boolean healthy(LearningDatabase database) {
        try {
            return database.isHealthy();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean running(Bundle b) {
        if (b.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
            return b.getState() == Bundle.RESOLVED;
        }
        // STARTING is where a lazily activated bundle waits for its first class load.
        return b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING;
    }
}
