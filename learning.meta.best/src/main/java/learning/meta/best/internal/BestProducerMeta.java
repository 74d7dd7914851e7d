package learning.meta.best.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.google.gson.JsonObject;

import learning.api.LearningImplementation;
import learning.api.ValidationException;
import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.forecast.ForecastOutcome;
import learning.api.forecast.OutcomeHistory;
import learning.api.forecast.OutcomeQuery;
import learning.api.forecast.PerformanceAggregator;
import learning.api.forecast.ProducerPerformance;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.Horizon;
import learning.api.ledger.InputLedger;
import learning.api.meta.AbstentionReason;
import learning.api.meta.MetaForecast;
import learning.api.meta.MetaMode;
import learning.api.meta.MetaProducer;
import learning.api.meta.MetaStatus;
import learning.api.meta.MetaTrackRecord;

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
 * A deliberately simple second {@link MetaProducer}: among the producers of the current state
 * (each one's latest call for the asset and horizon in the two hours before the call), it trusts
 * the one whose performance row (all regimes, from the performance aggregator) has the highest
 * Wilson lower bound, and repeats its call with that producer's win rate as confidence. Same gates
 * as the default (activation, win rate) and the same shadow/live modes, configured under its own
 * PID {@code learning.meta.best}.
 *
 * <p>Registered with ranking 10, above the default's 0: installing this bundle makes it serve the
 * next call of every consumer that follows the ranking; uninstalling it falls back.
 */
@Component(service = MetaProducer.class, immediate = true, configurationPid = BestProducerMeta.PID,
        property = "service.ranking:Integer=10")
@Designate(ocd = BestProducerMeta.Config.class)
@LearningImplementation(BestProducerMeta.NAME)
public class BestProducerMeta implements MetaProducer {
    /** The implementation's name, for {@code meta.target}. */
    public static final String NAME = "best";
    static final String PID = "learning.meta.best";
    static final String LIVE_NAME = "meta-best";
    static final String SHADOW_NAME = "meta-best-shadow";
    private static final Duration STATE_WINDOW = Duration.ofHours(2);
    private static final Logger LOG = LoggerFactory.getLogger(BestProducerMeta.class);

    /** The settings. */
    @ObjectClassDefinition(name = "Learning engine meta-producer: best producer",
            description = "Trusts the current state's producer with the best Wilson lower bound.")
    public @interface Config {
        /** @return shadow or live */
        @AttributeDefinition(name = "Mode", description = "shadow or live")
        String mode() default "shadow";

        /** @return the activation gate */
        @AttributeDefinition(name = "Activation (resolved outcomes)")
        long activation_min_outcomes() default 500;

        /** @return the outcomes a producer's row needs */
        @AttributeDefinition(name = "Minimum outcomes per producer")
        int min_outcomes() default 10;

        /** @return the win rate needed */
        @AttributeDefinition(name = "Minimum win rate", description = "in [0, 1]")
        double min_win_rate() default 0.60;
    }

    private final InputLedger ledger;
    private final EventLog events;
    private final OutcomeHistory history;
    private final PerformanceAggregator aggregator;
    private final String version;
    private volatile Config config;
    private volatile MetaMode mode;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configurationAdmin;

    /**
     * @param config the settings
     * @param context the bundle context, for the version
     * @param ledger the input ledger
     * @param events the event log, for the audit of mode switches
     * @param history resolved outcomes
     * @param aggregator producer performance
     */
    @Activate
    public BestProducerMeta(Config config, BundleContext context, @Reference InputLedger ledger,
            @Reference EventLog events, @Reference OutcomeHistory history, @Reference PerformanceAggregator aggregator) {
        this(config, version(context.getBundle().getVersion()), ledger, events, history, aggregator);
    }

    BestProducerMeta(Config config, String version, InputLedger ledger, EventLog events, OutcomeHistory history,
            PerformanceAggregator aggregator) {
        this.ledger = ledger;
        this.events = events;
        this.history = history;
        this.aggregator = aggregator;
        this.version = version;
        this.config = config;
        this.mode = mode(config.mode());
    }

    static String version(Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    static MetaMode mode(String text) {
        try {
            return MetaMode.valueOf(text == null ? "SHADOW" : text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            LOG.error("learning.meta.best: mode '{}' is neither shadow nor live; shadow is in force", text);
            return MetaMode.SHADOW;
        }
    }

    @Modified
    synchronized void modified(Config c) {
        this.config = c;
        switchTo(mode(c.mode()), "configuration");
    }

    private synchronized void switchTo(MetaMode to, String actor) {
        MetaMode from = mode;
        if (from == to) {
            return;
        }
        mode = to;
        Instant now = Instant.now();
        JsonObject payload = new JsonObject();
        payload.addProperty("from", from.wireName());
        payload.addProperty("to", to.wireName());
        payload.addProperty("actor", actor);
        payload.addProperty("implementation", NAME);
        payload.addProperty("ts", now.toString());
        events.append(new NewEvent(EventTypes.META_MODE, now, "learning.meta.best", null, payload.toString()));
        LOG.info("meta-producer best: mode switched from {} to {} by {}", from.wireName(), to.wireName(), actor);
    }

    @Override
    public MetaMode mode() {
        return mode;
    }

    @Override
    public synchronized MetaMode switchMode(MetaMode to, String actor) {
        if (to == mode) {
            return mode;
        }
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
                throw new IllegalStateException("the configuration " + PID + " could not be written", e);
            }
        }
        switchTo(to, actor == null || actor.isBlank() ? "unknown" : actor);
        return mode;
    }

    @Override
    public MetaForecast produce(String assetText, String horizonText, Instant asOf) {
        if (assetText == null || assetText.isBlank() || assetText.length() > 64) {
            throw new ValidationException("asset", "is required: an asset name of 1 to 64 characters, such as BTC");
        }
        String asset = assetText.trim().toUpperCase(Locale.ROOT);
        Horizon horizon;
        try {
            horizon = Horizon.parse(horizonText);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("horizon", e.getMessage());
        }
        Config c = config;
        MetaMode m = mode;
        if (history.resolvedCount() < c.activation_min_outcomes()) {
            return abstain(asset, horizon.label(), asOf, AbstentionReason.INSUFFICIENT_DATA, null, null);
        }
        Map<String, Forecast> state = new HashMap<>();
        for (Forecast f : ledger.forecasts(asOf.minus(STATE_WINDOW), 10_000)) {
            String producer = f.source().split("@", 2)[0].trim();
            if (f.ts().isAfter(asOf) || !f.ts().isAfter(asOf.minus(STATE_WINDOW)) || !f.asset().equals(asset)
                    || !f.horizon().equals(horizon.label()) || f.action() == ForecastAction.NO_FORECAST
                    || producer.toLowerCase(Locale.ROOT).startsWith("meta")) {
                continue;
            }
            state.merge(producer, f, (was, now) -> now.ts().isAfter(was.ts()) ? now : was);
        }
        ProducerPerformance best = null;
        for (ProducerPerformance p : aggregator.performance(null, asset, horizon.label())) {
            if (!"*".equals(p.regime()) || !state.containsKey(p.producerId()) || p.wilsonLow() == null
                    || p.count() < c.min_outcomes()) {
                continue;
            }
            if (best == null || p.wilsonLow() > best.wilsonLow()) {
                best = p;
            }
        }
        if (best == null) {
            return abstain(asset, horizon.label(), asOf, AbstentionReason.INSUFFICIENT_DATA, null, null);
        }
        String pattern = best.producerId() + "=" + state.get(best.producerId()).action().wireName();
        if (best.winRate() < c.min_win_rate()) {
            return abstain(asset, horizon.label(), asOf, AbstentionReason.LOW_CONFIDENCE, pattern, best);
        }
        double confidence = new BigDecimal(best.winRate()).setScale(3, RoundingMode.HALF_EVEN).doubleValue();
        ForecastAction action = state.get(best.producerId()).action();
        String source = (m == MetaMode.LIVE ? LIVE_NAME : SHADOW_NAME) + "@" + version;
        String id = (m == MetaMode.LIVE ? LIVE_NAME : SHADOW_NAME) + ":" + asset + ":" + horizon.label() + ":" + asOf;
        Forecast stored = ledger.recordForecasts(List.of(new Forecast(id, asset, horizon.label(), action, confidence,
                source, "unknown", asOf, null))).get(0);
        int n = (int) Math.min(Integer.MAX_VALUE, best.count());
        if (m == MetaMode.SHADOW) {
            return new MetaForecast(stored.forecastId(), asset, horizon.label(), ForecastAction.NO_FORECAST, 0.0, source,
                    AbstentionReason.SHADOW_MODE, pattern, n, best.winRate(), asOf);
        }
        return new MetaForecast(stored.forecastId(), asset, horizon.label(), action, confidence, source, null, pattern, n,
                best.winRate(), asOf);
    }

    private MetaForecast abstain(String asset, String horizon, Instant asOf, AbstentionReason reason, String pattern,
            ProducerPerformance p) {
        return new MetaForecast(UUID.randomUUID().toString(), asset, horizon, ForecastAction.NO_FORECAST, 0.0,
                LIVE_NAME + "@" + version, reason, pattern, p == null ? 0 : (int) Math.min(Integer.MAX_VALUE, p.count()),
                p == null ? null : p.winRate(), asOf);
    }

    /** The track record of the newest 10,000 resolved shadow forecasts (this implementation keeps no table). */
    @Override
    public MetaStatus status() {
        List<ForecastOutcome> shadow = history.outcomes(new OutcomeQuery(SHADOW_NAME, null, null, null, 10_000));
        long wins = 0;
        double brier = 0;
        for (ForecastOutcome o : shadow) {
            wins += o.directionCorrect() ? 1 : 0;
            brier += o.brierScore();
        }
        long n = shadow.size();
        MetaTrackRecord record = n == 0 ? new MetaTrackRecord(0, 0, null, null, null, null)
                : new MetaTrackRecord(n, wins, (double) wins / n, wilson(wins, n, -1), wilson(wins, n, 1), brier / n);
        return new MetaStatus(mode, NAME, LIVE_NAME + "@" + version, history.resolvedCount(),
                config.activation_min_outcomes(), n, record, null);
    }

    private static double wilson(long wins, long n, int side) {
        double z = 1.959964;
        double p = (double) wins / n;
        double v = (p + z * z / (2.0 * n) + side * z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)))
                / (1 + z * z / n);
        return Math.max(0, Math.min(1, v));
    }
}
