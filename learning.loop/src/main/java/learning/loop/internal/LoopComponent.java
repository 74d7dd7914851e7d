package learning.loop.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import learning.api.ServiceProperties;
import learning.api.cycle.CycleNames;
import learning.api.cycle.CycleRunner;
import learning.api.cycle.CycleScheduler;
import learning.api.cycle.LearningCycle;
import learning.api.event.EventLog;
import learning.api.store.LearningDatabase;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
 * Publishes the cycle runner and the scheduler, and ticks the scheduler on a timer. Stopping the
 * bundle (or SIGTERM) waits for a running cycle to finish before the database closes.
 */
@Component(service = {CycleRunner.class, CycleScheduler.class}, immediate = true, configurationPid = LoopComponent.PID)
@Designate(ocd = LoopComponent.Config.class)
public class LoopComponent extends CycleLoop {
    static final String PID = "learning.loop";
    private static final Logger LOG = LoggerFactory.getLogger(LoopComponent.class);

    /** The cadence. */
    @ObjectClassDefinition(name = "Learning engine loop", description = "How often each learning cycle runs.")
    public @interface Config {
        /** @return whether the timer runs the schedules */
        @AttributeDefinition(name = "Schedule enabled", description = "false: cycles run only on demand (REST, shell)")
        boolean schedule_enabled() default true;

        /** @return seconds between ticks */
        @AttributeDefinition(name = "Tick (seconds)", description = "How often the timer checks what is due")
        int tick_seconds() default 60;

        /** @return resolver interval */
        @AttributeDefinition(name = "Resolver interval (minutes)", description = "resolve, then aggregate, then meta")
        int resolve_interval_minutes() default 30;

        /** @return sweep interval */
        @AttributeDefinition(name = "Sweep interval (hours)", description = "attribution and karma sweep")
        int sweep_interval_hours() default 24;

        /** @return corpus interval */
        @AttributeDefinition(name = "Corpus interval (hours)")
        int corpus_interval_hours() default 24;

        /** @return weights cadence */
        @AttributeDefinition(name = "Weights cadence", description = "weekly or monthly")
        String weights_cadence() default "weekly";
    }

    @Reference(name = "cycles", service = LearningCycle.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Map.Entry<Map<String, Object>, LearningCycle>> installed;

    private ScheduledFuture<?> ticking;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "learning-loop");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param config the cadence
     * @param db the database
     * @param events the event log
     */
    @Activate
    public LoopComponent(Config config, @Reference LearningDatabase db, @Reference EventLog events) {
        super(db, events, null, schedules(config), Clock.systemUTC());
        start(config);
    }

    @Override
    public synchronized boolean scheduleEnabled() {
        return ticking != null;
    }

    @Override
    Cycles cycles() {
        return name -> {
            List<Map.Entry<Map<String, Object>, LearningCycle>> list = installed;
            if (list == null) {
                return Optional.empty();
            }
            return list.stream().filter(e -> name.equals(e.getKey().get(ServiceProperties.CYCLE_NAME)))
                    .max(Comparator.comparingInt(e -> ranking(e.getKey()))).map(Map.Entry::getValue);
        };
    }

    private static int ranking(Map<String, Object> props) {
        return props.get("service.ranking") instanceof Integer i ? i : 0;
    }

    /** Switching the timer on or off, or changing its tick, applies at once (no re-activation). */
    @Modified
    void modified(Config config) {
        schedules(schedules(config));
        start(config);
        LOG.info("loop cadence changed: {}", nextRuns());
    }

    private synchronized void start(Config config) {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
        if (!config.schedule_enabled()) {
            LOG.info("loop schedule disabled: cycles run on demand only");
            return;
        }
        long period = Math.max(1, config.tick_seconds());
        ticking = timer.scheduleWithFixedDelay(() -> {
            try {
                tick(Instant.now());
            } catch (RuntimeException e) {
                LOG.warn("loop tick failed", e);
            }
        }, period, period, TimeUnit.SECONDS);
        LOG.info("loop schedule enabled: tick every {} s", period);
    }

    static List<Schedule> schedules(Config config) {
        Duration weights = "monthly".equals(config.weights_cadence().trim().toLowerCase(Locale.ROOT))
                ? Duration.ofDays(30) : Duration.ofDays(7);
        return List.of(
                new Schedule("resolve", List.of(CycleNames.RESOLVE, CycleNames.AGGREGATE, CycleNames.META),
                        Duration.ofMinutes(Math.max(1, config.resolve_interval_minutes()))),
                new Schedule("sweep", List.of(CycleNames.ATTRIBUTION, CycleNames.KARMA),
                        Duration.ofHours(Math.max(1, config.sweep_interval_hours()))),
                new Schedule("corpus", List.of(CycleNames.CORPUS),
                        Duration.ofHours(Math.max(1, config.corpus_interval_hours()))),
                new Schedule("weights", List.of(CycleNames.WEIGHTS), weights));
    }

    /** Lets a running cycle finish (up to 30 s) before the store goes away. */
    @Deactivate
    void deactivate() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("a cycle was still running after 30 s; stopping anyway (its transaction rolls back)");
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timer.shutdownNow();
        }
    }
}
