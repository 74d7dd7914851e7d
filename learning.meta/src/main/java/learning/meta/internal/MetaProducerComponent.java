package learning.meta.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;

import learning.api.LearningImplementation;
import learning.api.event.EventLog;
import learning.api.ledger.InputLedger;
import learning.api.meta.MetaForecast;
import learning.api.meta.MetaMode;
import learning.api.meta.MetaProducer;
import learning.api.meta.MetaStatus;
import learning.api.store.LearningDatabase;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link MetaProducer} ({@code learning.implementation=default}, ranking 0). Its mode
 * and gates are live settings of the configuration {@code learning.meta}: a change arrives through
 * {@code @Modified} (never a re-activation, so nothing in flight is lost) and a mode switch is
 * audited. The configuration is the single source of truth for the mode: {@link #switchMode}
 * writes it through Config Admin, so a switch from REST or the shell survives a restart and a file
 * in {@code deploy/} sees it.
 */
@Component(service = MetaProducer.class, immediate = true, configurationPid = MetaProducerComponent.PID,
        property = "service.ranking:Integer=0")
@Designate(ocd = MetaProducerComponent.Config.class)
@LearningImplementation(MetaProducerComponent.NAME)
public class MetaProducerComponent implements MetaProducer {
    /** The configuration PID, shared by the {@code meta} cycle. */
    public static final String PID = "learning.meta";
    /** This implementation's name, for {@code meta.target}. */
    public static final String NAME = "default";
    private static final Logger LOG = LoggerFactory.getLogger(MetaProducerComponent.class);

    /** The meta-producer's settings. */
    @ObjectClassDefinition(name = "Learning engine meta-producer",
            description = "Mode, gates and cycle targets of the meta-producer.")
    public @interface Config {
        /** @return shadow or live */
        @AttributeDefinition(name = "Mode", description = "shadow: would-be forecasts are stored as shadow forecasts"
                + " and calls answer a shadow_mode abstention; live: forecasts are emitted as forecast.v1.")
        String mode() default "shadow";

        /** @return the activation gate */
        @AttributeDefinition(name = "Activation (resolved outcomes)",
                description = "Resolved producer outcomes needed before the meta-producer forecasts at all.")
        long activation_min_outcomes() default 500;

        /** @return the episodes a pattern needs */
        @AttributeDefinition(name = "Minimum episodes", description = "Matching 2-hour episodes a pattern needs (>= 1).")
        int min_episodes() default 10;

        /** @return the win rate a pattern needs */
        @AttributeDefinition(name = "Minimum win rate", description = "Win rate of the matching episodes, in [0, 1].")
        double min_win_rate() default 0.60;

        /** @return whether to back off to sub-ensembles */
        @AttributeDefinition(name = "Back off to sub-ensembles", description = "When the exact ensemble has too few"
                + " episodes, use the sub-ensemble with the highest Wilson lower bound among those with enough.")
        boolean backoff_enabled() default true;

        /** @return the meta cycle's assets */
        @AttributeDefinition(name = "Assets", required = false, description = "Assets the meta cycle forecasts; empty:"
                + " every asset with a producer forecast in the 2 hours before the cycle's instant.")
        String[] assets() default {};

        /** @return the meta cycle's horizons */
        @AttributeDefinition(name = "Horizons", required = false, description = "Horizons the meta cycle forecasts;"
                + " empty: every horizon with a producer forecast in the 2 hours before the cycle's instant.")
        String[] horizons() default {};

        /** @return the meta cycle's producer filter */
        @AttributeDefinition(name = "Meta-producer target", description = "LDAP filter choosing the meta-producer the"
                + " meta cycle runs, for example (learning.implementation=best). Default: the best-ranked one.")
        String meta_target() default "(objectClass=*)";
    }

    /** A switch asked for through {@link #switchMode}, waiting for its configuration change. */
    private record Pending(MetaMode to, String actor) {
    }

    private final MetaEngine engine;
    private final ModeAudit audit;
    private final Object modeLock = new Object();
    private volatile MetaMode mode;
    private Pending pending;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configurationAdmin;

    /**
     * @param config the settings
     * @param context the bundle context, for the version in the forecasts' source
     * @param db the database
     * @param events the event log
     * @param ledger the input ledger
     */
    @Activate
    public MetaProducerComponent(Config config, BundleContext context, @Reference LearningDatabase db,
            @Reference EventLog events, @Reference InputLedger ledger) {
        this(db, events, ledger, version(context.getBundle().getVersion()), config);
    }

    /**
     * Without OSGi, for tests and plain use: no Config Admin, so a switch applies in memory (audited)
     * without being written to a configuration.
     *
     * @param db the database
     * @param events the event log
     * @param ledger the input ledger
     * @param version the version in the forecasts' source, such as {@code 1.0.0}
     * @param config the settings
     */
    public MetaProducerComponent(LearningDatabase db, EventLog events, InputLedger ledger, String version, Config config) {
        this.engine = new MetaEngine(db, events, ledger, version);
        this.audit = new ModeAudit(db, events, NAME);
        MetaMode configured;
        try {
            engine.configure(settings(config));
            configured = mode(config.mode());
        } catch (IllegalArgumentException e) {
            LOG.error("meta-producer configuration refused, the defaults (shadow) are in force: {}", e.getMessage());
            configured = MetaMode.SHADOW;
        }
        this.mode = configured;
        // A mode changed while the engine was down (a file edited in deploy/) is still a switch.
        audit.record(configured, ModeAudit.CONFIGURATION, Instant.now());
        LOG.info("meta-producer configured: mode {}, {}", configured.wireName(), engine.settings());
    }

    static String version(Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    /** A new configuration: the gates apply to the next call; a new mode is audited as a configuration change. */
    @Modified
    void modified(Config config) {
        MetaSettings s;
        MetaMode to;
        try {
            s = settings(config);
            to = mode(config.mode());
        } catch (IllegalArgumentException e) {
            LOG.error("meta-producer configuration refused, the previous one stays in force: {}", e.getMessage());
            return;
        }
        engine.configure(s);
        synchronized (modeLock) {
            String actor = pending != null && pending.to() == to ? pending.actor() : ModeAudit.CONFIGURATION;
            apply(to, actor);
        }
        LOG.info("meta-producer reconfigured: mode {}, {}", to.wireName(), s);
    }

    private void apply(MetaMode to, String actor) {
        if (to != mode) {
            MetaMode from = mode;
            mode = to;
            audit.record(to, actor, Instant.now());
            LOG.info("meta-producer mode switched from {} to {} by {}", from.wireName(), to.wireName(), actor);
        }
        if (pending != null && pending.to() == to) {
            pending = null;
        }
    }

    static MetaSettings settings(Config c) {
        return new MetaSettings(c.activation_min_outcomes(), c.min_episodes(), c.min_win_rate(), c.backoff_enabled());
    }

    static MetaMode mode(String text) {
        try {
            return MetaMode.valueOf(text == null ? "" : text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be shadow or live, not '" + text + "'");
        }
    }

    @Override
    public MetaForecast produce(String asset, String horizon, Instant asOf) {
        return engine.produce(asset, horizon, asOf, mode);
    }

    @Override
    public MetaMode mode() {
        return mode;
    }

    /**
     * Writes the new mode into the configuration {@code learning.meta} (so it survives a restart
     * and a {@code deploy/} file follows it) and applies it at once, audited with the actor; the
     * configuration change that follows finds the mode already in force and records nothing more.
     */
    @Override
    public MetaMode switchMode(MetaMode to, String actor) {
        if (to == null) {
            throw new IllegalArgumentException("mode is required");
        }
        String who = actor == null || actor.isBlank() ? "unknown" : actor;
        synchronized (modeLock) {
            if (to == mode) {
                return mode;
            }
            pending = new Pending(to, who);
            ConfigurationAdmin ca = configurationAdmin;
            if (ca != null) {
                try {
                    Configuration cfg = ca.getConfiguration(PID, "?");
                    Dictionary<String, Object> props = cfg.getProperties();
                    if (props == null) {
                        props = new Hashtable<>();
                    }
                    props.put("mode", to.wireName());
                    cfg.update(props);
                } catch (IOException e) {
                    pending = null;
                    throw new IllegalStateException("the configuration " + PID + " could not be written: " + e.getMessage(), e);
                }
            }
            apply(to, who);
            return mode;
        }
    }

    @Override
    public MetaStatus status() {
        engine.index().catchUp();
        MetaEngine.Record shadow = engine.record(MetaMode.SHADOW);
        return new MetaStatus(mode, NAME, engine.liveSource(), engine.index().producerOutcomes(),
                engine.settings().activationMinOutcomes(), shadow.forecasts(), shadow.own(), shadow.ensemble());
    }

    /** @return the engine, for tests */
    MetaEngine engine() {
        return engine;
    }
}
