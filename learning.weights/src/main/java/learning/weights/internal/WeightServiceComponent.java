package learning.weights.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import learning.api.LearningCycleName;
import learning.api.ServiceProperties;
import learning.api.cycle.CycleNames;
import learning.api.cycle.LearningCycle;
import learning.api.event.EventLog;
import learning.api.store.LearningDatabase;
import learning.api.weights.WeightAdjuster;
import learning.api.weights.WeightCycleResult;
import learning.api.weights.WeightService;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the weight service and its {@code weights} cycle. The live adjuster is a dynamic,
 * greedy reference: a better-ranked adjuster, or the one {@code adjuster.target} names, serves the
 * next cycle without a restart; every installed adjuster is also asked, as a challenger.
 */
@Component(service = {WeightService.class, LearningCycle.class}, immediate = true,
        configurationPid = WeightServiceComponent.PID)
@Designate(ocd = WeightServiceComponent.Config.class)
@LearningCycleName(CycleNames.WEIGHTS)
public class WeightServiceComponent extends DefaultWeightService implements LearningCycle {
    static final String PID = "learning.weights";
    private static final Logger LOG = LoggerFactory.getLogger(WeightServiceComponent.class);

    /** The weight service's settings. */
    @ObjectClassDefinition(name = "Learning engine domain weights",
            description = "Domain weight learning: preset, safety limits, cold start, approval.")
    public @interface Config {
        /** @return the preset */
        @AttributeDefinition(name = "Preset", description = "balanced, conservative or degen")
        String preset() default "balanced";

        /** @return whether proposals wait for an operator */
        @AttributeDefinition(name = "Approval required",
                description = "When true, a cycle's proposal waits for an operator to approve or reject it.")
        boolean approval_required() default false;

        /** @return the cadence label */
        @AttributeDefinition(name = "Cycle type", description = "weekly or monthly: the cadence of weight cycles")
        String cycle_type() default "weekly";

        /** @return the smallest weight */
        @AttributeDefinition(name = "Minimum weight")
        double min_weight() default 0.05;

        /** @return the largest weight */
        @AttributeDefinition(name = "Maximum weight")
        double max_weight() default 0.40;

        /** @return the full-strength max delta */
        @AttributeDefinition(name = "Max delta", description = "Largest change per domain and cycle from 90 days of history")
        double max_delta() default 0.02;

        /** @return the warm-period max delta */
        @AttributeDefinition(name = "Warm max delta", description = "Largest change per domain and cycle from 30 to 89 days")
        double warm_max_delta() default 0.01;

        /** @return the window length in days */
        @AttributeDefinition(name = "Window (days)")
        int window_days() default 30;

        /** @return the fewest positions a cycle learns from */
        @AttributeDefinition(name = "Minimum observations")
        int min_observations() default 20;

        /** @return the observe-only period in days */
        @AttributeDefinition(name = "Cold start (days)")
        int cold_start_days() default 30;

        /** @return the age from which the full max delta applies */
        @AttributeDefinition(name = "Full strength from (days)")
        int full_strength_days() default 90;

        /** @return how many falling cycles revert to the preset */
        @AttributeDefinition(name = "Reversion threshold")
        int reversion_threshold() default 3;

        /** @return the live adjuster's filter */
        @AttributeDefinition(name = "Adjuster target", description = "LDAP filter choosing the live adjuster,"
                + " for example (learning.implementation=hedge). Default: the best-ranked one.")
        String adjuster_target() default "(objectClass=*)";

        /** @return the overlay file */
        @AttributeDefinition(name = "Overlay file", description = "Empty: <home>/data/learned_weights.yaml")
        String overlay_file() default "";
    }

    @Reference(name = "adjuster", service = WeightAdjuster.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Map.Entry<Map<String, Object>, WeightAdjuster> adjuster;

    @Reference(name = "adjusters", service = WeightAdjuster.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Map.Entry<Map<String, Object>, WeightAdjuster>> adjusters;

    private final BundleContext context;

    /**
     * @param config the settings
     * @param context the bundle context, for the home folder
     * @param db the database
     * @param events the event log
     */
    @Activate
    public WeightServiceComponent(Config config, BundleContext context, @Reference LearningDatabase db,
            @Reference EventLog events) {
        super(db, events, null, initial(config), overlayFile(config, context), Clock.systemUTC());
        this.context = context;
        LOG.info("weights configured: {}", config());
    }

    private final Adjusters registry = new Adjusters() {
            @Override
            public Map.Entry<String, WeightAdjuster> live() {
                Map.Entry<Map<String, Object>, WeightAdjuster> a = adjuster;
                return a == null ? null : new AbstractMap.SimpleEntry<>(name(a.getKey()), a.getValue());
            }

            @Override
            public Map<String, WeightAdjuster> all() {
                Map<String, WeightAdjuster> out = new LinkedHashMap<>();
                List<Map.Entry<Map<String, Object>, WeightAdjuster>> list = adjusters;
                if (list != null) {
                    for (Map.Entry<Map<String, Object>, WeightAdjuster> e : list) {
                        out.put(name(e.getKey()), e.getValue());
                    }
                }
                return out;
            }
        };

    @Override
    Adjusters adjusters() {
        return registry;
    }

    private static String name(Map<String, Object> props) {
        Object n = props.get(ServiceProperties.IMPLEMENTATION);
        return n != null ? n.toString() : String.valueOf(props.get("component.name"));
    }

    /** Refuses a bad configuration as a whole: the previous one stays in force. */
    @Modified
    void modified(Config config) {
        try {
            configure(WeightsConfig.of(config.preset(), config.approval_required(), config.cycle_type(),
                    config.min_weight(), config.max_weight(), config.max_delta(), config.warm_max_delta(),
                    config.window_days(), config.min_observations(), config.cold_start_days(),
                    config.full_strength_days(), config.reversion_threshold()), overlayFile(config, context));
            LOG.info("weights reconfigured: {}", config());
        } catch (IllegalArgumentException e) {
            LOG.error("weights configuration refused, the previous one stays in force: {}", e.getMessage());
        }
    }

    private static WeightsConfig initial(Config config) {
        try {
            return WeightsConfig.of(config.preset(), config.approval_required(), config.cycle_type(),
                    config.min_weight(), config.max_weight(), config.max_delta(), config.warm_max_delta(),
                    config.window_days(), config.min_observations(), config.cold_start_days(),
                    config.full_strength_days(), config.reversion_threshold());
        } catch (IllegalArgumentException e) {
            LOG.error("weights configuration refused, the defaults are in force: {}", e.getMessage());
            return WeightsConfig.defaults();
        }
    }

    private static Path overlayFile(Config config, BundleContext context) {
        if (!config.overlay_file().isBlank()) {
            return Paths.get(config.overlay_file().trim()).toAbsolutePath();
        }
        String home = context.getProperty(ServiceProperties.HOME);
        if (home == null) {
            home = System.getProperty(ServiceProperties.HOME, System.getProperty("user.dir"));
        }
        return Paths.get(home).toAbsolutePath().resolve("data").resolve("learned_weights.yaml");
    }

    @Override
    public Map<String, Object> run(Instant asOf) {
        WeightCycleResult r = runCycle(asOf);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("adjustment_id", r.adjustmentId());
        counts.put("reason", r.reason());
        counts.put("status", r.status().wireName());
        counts.put("observations", r.observations());
        counts.put("max_delta", r.maxDelta());
        counts.put("adjuster", r.adjuster());
        counts.put("previous", wire(r.previous()));
        counts.put("new", wire(r.proposed()));
        counts.put("window_mean_pnl", r.windowMeanPnl());
        return counts;
    }
}
