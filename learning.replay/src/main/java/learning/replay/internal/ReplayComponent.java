package learning.replay.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import learning.api.ServiceProperties;
import learning.api.cycle.CycleRunner;
import learning.api.event.EventLog;
import learning.api.ledger.InputLedger;
import learning.api.meta.MetaProducer;
import learning.api.store.LearningDatabase;
import learning.api.weights.WeightService;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a replay in the engine when asked: configuration {@code enabled=true} (PID
 * {@code learning.replay}), or, when the configuration does not say, the framework or system
 * property {@code learning.replay=true}. Never otherwise.
 *
 * <p>It refuses a home whose ledger holds data no replay wrote (an operator's real ledger never
 * gets simulated rows), switches the loop's wall-clock timer off ({@code learning.loop}
 * {@code schedule.enabled=false}: a wall-clock tick would resolve simulated forecasts at today's
 * date) and leaves it off, since the home now holds a simulation, then runs the cycles itself at
 * simulated instants. A stopped replay (configuration change, bundle stop, SIGTERM) resumes where it
 * stopped at the next start with the same settings; a finished one is not repeated.
 */
@Component(immediate = true, configurationPid = ReplayComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {})
@Designate(ocd = ReplayComponent.Config.class)
public class ReplayComponent {
    /** The configuration PID. */
    public static final String PID = "learning.replay";
    /** The framework or system property that enables the replay when its configuration does not say. */
    public static final String ENABLE_PROPERTY = "learning.replay";
    static final String LOOP_PID = "learning.loop";
    private static final Logger LOG = LoggerFactory.getLogger(ReplayComponent.class);

    /** The replay's settings. */
    @ObjectClassDefinition(name = "Learning engine replay",
            description = "Drives the engine at simulated time on real prices with simulated producers of known skill.")
    public @interface Config {
        /** @return whether to run; no default, so that an unset value defers to the property */
        @AttributeDefinition(name = "Enabled", required = false, description = "Run the replay (true or false)."
                + " When not set, the framework or system property learning.replay=true enables it, and nothing"
                + " else does. Only a fresh home, or one a replay with the same settings started, is replayed into.")
        boolean enabled();

        /** @return the seed */
        @AttributeDefinition(name = "Seed", description = "Seeds the price bootstrap and every producer")
        long seed() default 42;

        /** @return simulated days */
        @AttributeDefinition(name = "Days", description = "Simulated days of trading (1 to 3650)")
        int days() default 365;

        /** @return a price file */
        @AttributeDefinition(name = "Price file", required = false, description = "CSV or JSON bars of your own"
                + " (relative to the home); empty: the embedded real ETH 5-minute bars")
        String price_file() default "";

        /** @return the asset */
        @AttributeDefinition(name = "Asset", description = "The asset name the bars are stored under")
        String asset() default "ETH";

        /** @return the speed */
        @AttributeDefinition(name = "Speed", description = "max (as fast as possible), or simulated time per wall"
                + " second such as 1d or 6h")
        String speed() default "max";

        /** @return the producer mix */
        @AttributeDefinition(name = "Producers", description = "domain:skill,skill,...; per domain; a>b changes from"
                + " a to b halfway. Skill s: the producer sees the coming move with probability 0.5 + s/2")
        String producers() default SimProducer.DEFAULT_MIX;

        /** @return decision cadence */
        @AttributeDefinition(name = "Decide every (hours)", description = "A conviction and a position every this many"
                + " simulated hours")
        int decide_every_hours() default 2;

        /** @return hours a position is held */
        @AttributeDefinition(name = "Hold (hours)")
        int hold_hours() default 4;

        /** @return forecast cadence */
        @AttributeDefinition(name = "Forecast every (hours)")
        int forecast_every_hours() default 6;

        /** @return horizons */
        @AttributeDefinition(name = "Horizons", description = "Forecast horizons, whole hours")
        String horizons() default "1h,4h,24h";

        /** @return resolve cadence */
        @AttributeDefinition(name = "Resolve every (hours)", description = "the resolver runs every this many simulated"
                + " hours, aggregate and meta every 48 (the engine's timer uses 30 minutes of wall-clock time)")
        int resolve_every_hours() default 12;

        /** @return weights cadence */
        @AttributeDefinition(name = "Weights every (days)")
        int weights_every_days() default 7;

        /** @return position size */
        @AttributeDefinition(name = "Size (USD)", description = "Base position size; a position is this times twice"
                + " the conviction")
        double size_usd() default 1000;
    }

    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetaProducer meta;

    /**
     * @param context for {@code learning.home} and {@code learning.replay}
     * @param config the settings
     * @param properties the configuration as given, to tell an explicit {@code enabled} from the default
     */
    @Activate
    public ReplayComponent(BundleContext context, Config config, Map<String, Object> properties,
            @Reference LearningDatabase db, @Reference InputLedger ledger, @Reference EventLog events,
            @Reference CycleRunner cycles, @Reference WeightService weights, @Reference ConfigurationAdmin cm) {
        boolean enabled = properties.containsKey("enabled") ? config.enabled()
                : Boolean.parseBoolean(property(context, ENABLE_PROPERTY));
        if (!enabled) {
            LOG.info("replay off (enable it with -D{}=true or {} enabled=true)", ENABLE_PROPERTY, PID);
            thread = null;
            return;
        }
        Path home = home(context);
        ReplaySettings settings;
        try {
            settings = new ReplaySettings(config.seed(), config.days(),
                    config.price_file().isBlank() ? null : home.resolve(config.price_file().trim()), config.asset(),
                    ReplaySettings.speed(config.speed()), SimProducer.parse(config.producers()), config.decide_every_hours(), config.hold_hours(),
                    config.forecast_every_hours(), ReplaySettings.horizons(config.horizons()),
                    config.resolve_every_hours(), 24, 24, config.weights_every_days(), config.size_usd(), true);
        } catch (IllegalArgumentException e) {
            LOG.error("replay configuration refused, nothing replayed: {}", e.getMessage());
            thread = null;
            return;
        }
        ReplayServices services = new ReplayServices(db, ledger, events, cycles, weights,
                home.resolve("corpus").resolve("skills"));
        thread = new Thread(() -> run(settings, services, cm), "learning-replay");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ReplaySettings settings, ReplayServices services, ConfigurationAdmin cm) {
        try {
            PriceHistory prices = PriceHistory.load(settings.priceFile(), settings.asset(), settings.hoursNeeded(),
                    settings.seed());
            Replay replay = new Replay(services, settings, prices);
            Replay.HomeState state = replay.inspectHome();
            if (state instanceof Replay.Refused r) {
                LOG.error("replay refused, nothing written: {}", r.reason());
                return;
            }
            if (state instanceof Replay.Finished f) {
                LOG.info("replay already finished on this home ({}); nothing to do. Use a fresh home for a new one", f.when());
                return;
            }
            switchLoopTimerOff(cm);
            if (stop.get()) {
                return;
            }
            LOG.info("replay starting: {} days, seed {}, speed {}, producers {}; prices: {}", settings.days(),
                    settings.seed(), settings.speed() == null ? "max" : settings.speed(),
                    Replay.describe(settings.producers()), prices.description());
            long[] lastLog = {System.nanoTime()};
            ReplayResult r = replay.run(state, stop::get, at -> {
                if (System.nanoTime() - lastLog[0] > 5_000_000_000L) {
                    lastLog[0] = System.nanoTime();
                    LOG.info("replay at {}", at);
                }
            });
            MetaProducer m = meta;
            LOG.info("replay {} in {} s: {} decisions, {} positions, {} forecasts ({} resolved), {} cycle runs ({} failed),"
                    + " {} weights cycles ({} reverted by the overfitting guard), ensemble Brier {}, PnL {} USD,"
                    + " weights now {}; meta-producer {}",
                    r.completed() ? "finished" : "stopped", r.wallMillis() / 1000.0, r.decisions(), r.positionsClosed(),
                    r.forecasts(), r.resolvedOutcomes(), r.cycleRuns(), r.failedCycles(), r.weightCycles(), r.reverts(),
                    String.format("%.4f", r.brier()), String.format("%.0f", r.pnlUsd()),
                    r.trajectory().get(r.trajectory().size() - 1).weights(),
                    m == null ? "not installed" : "installed, mode " + m.mode().wireName());
            LOG.info("replay time: {} s wall, {} s CPU of the replay thread; ms by part {}", r.wallMillis() / 1000.0,
                    r.cpuMillis() / 1000.0, r.millis());
        } catch (RuntimeException e) {
            LOG.error("replay failed: {}", e.toString(), e);
        }
    }

    /**
     * The loop's timer ticks wall-clock time; on simulated data it would resolve forecasts at today's
     * date. The replay runs the cycles itself, so the timer goes off (and stays off on this home).
     */
    private void switchLoopTimerOff(ConfigurationAdmin cm) {
        try {
            Configuration c = cm.getConfiguration(LOOP_PID, "?");
            Dictionary<String, Object> p = c.getProperties();
            if (p != null && Boolean.FALSE.equals(p.get("schedule.enabled"))) {
                return;
            }
            Dictionary<String, Object> next = p == null ? new Hashtable<>() : p;
            next.put("schedule.enabled", Boolean.FALSE);
            c.update(next);
            LOG.info("replay: the loop's wall-clock timer is switched off on this home ({} schedule.enabled=false);"
                    + " the replay runs the cycles at simulated instants", LOOP_PID);
            Thread.sleep(1000); // Config Admin delivers the change asynchronously
        } catch (IOException e) {
            throw new IllegalStateException("cannot switch the loop's timer off: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops a running replay (it resumes at the next start) and waits for its segment to finish. */
    @Deactivate
    void deactivate() {
        stop.set(true);
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String property(BundleContext context, String name) {
        String v = context == null ? null : context.getProperty(name);
        return v != null ? v : System.getProperty(name);
    }

    private static Path home(BundleContext context) {
        String h = property(context, ServiceProperties.HOME);
        return Paths.get(h == null || h.isBlank() ? System.getProperty("user.dir") : h).toAbsolutePath().normalize();
    }
}
