package learning.forecast.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import learning.api.LearningImplementation;
import learning.api.event.EventLog;
import learning.api.forecast.OutcomeResolver;
import learning.api.forecast.ResolutionRun;
import learning.api.ledger.InputLedger;
import learning.api.price.PriceSource;
import learning.api.store.LearningDatabase;

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
 * Publishes the default {@link OutcomeResolver} ({@code learning.implementation=default}, ranking
 * 0). The price sources are a dynamic whiteboard: a source installed or removed takes part from
 * the next run on.
 */
@Component(service = OutcomeResolver.class, immediate = true, configurationPid = OutcomeResolverComponent.PID,
        property = "service.ranking:Integer=0")
@Designate(ocd = OutcomeResolverComponent.Config.class)
@LearningImplementation("default")
public class OutcomeResolverComponent implements OutcomeResolver {
    static final String PID = "learning.forecast.resolver";
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeResolverComponent.class);

    /** The default resolver's settings. */
    @ObjectClassDefinition(name = "Learning engine outcome resolver",
            description = "Resolves elapsed forecasts against prices: scoring, price tolerance, give-up.")
    public @interface Config {
        /** @return the flat band in percent */
        @AttributeDefinition(name = "Flat band (%)",
                description = "A flat call is right when the absolute return is at most this many percent.")
        double flat_band_pct() default 0.5;

        /** @return the buffer after the target time */
        @AttributeDefinition(name = "Buffer (minutes)",
                description = "A forecast is due once its target time is this long before the run's instant.")
        int buffer_minutes() default 5;

        /** @return the minimum price tolerance */
        @AttributeDefinition(name = "Price tolerance (minutes)", description = "The price at t is the close of the"
                + " last bar closed by t, if that bar closed within one bar interval, and at least this long, before t.")
        int tolerance_minutes() default 30;

        /** @return when a forecast without prices is given up */
        @AttributeDefinition(name = "Unresolvable after (hours)", description = "A forecast still without prices this"
                + " long after its target time is marked unresolvable and not retried (168 = 7 days).")
        int unresolvable_after_hours() default 168;

        /** @return forecasts per transaction */
        @AttributeDefinition(name = "Chunk size", description = "Forecasts written per transaction (1 to 10,000).")
        int chunk_size() default 5000;

        /** @return how far back remote sources are asked */
        @AttributeDefinition(name = "Remote lookback (hours)", description = "How far before a missing time the remote"
                + " sources are asked for bars; at least their longest bar interval.")
        int remote_lookback_hours() default 24;
    }

    @Reference(service = PriceSource.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Map.Entry<Map<String, Object>, PriceSource>> sources;

    private final DefaultOutcomeResolver resolver;

    /**
     * @param config the settings
     * @param db the database
     * @param events the event log
     * @param ledger the input ledger
     */
    @Activate
    public OutcomeResolverComponent(Config config, @Reference LearningDatabase db, @Reference EventLog events,
            @Reference InputLedger ledger) {
        ResolverSettings s;
        try {
            s = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.error("resolver configuration refused, the defaults are in force: {}", e.getMessage());
            s = ResolverSettings.defaults();
        }
        resolver = new DefaultOutcomeResolver(db, events, ledger, () -> Ranked.inOrder(sources), s);
        LOG.info("outcome resolver configured: {}", s);
    }

    /** Refuses a bad configuration as a whole: the previous one stays in force. */
    @Modified
    void modified(Config config) {
        try {
            ResolverSettings s = settings(config);
            resolver.configure(s);
            LOG.info("outcome resolver reconfigured: {}", s);
        } catch (IllegalArgumentException e) {
            LOG.error("resolver configuration refused, the previous one stays in force: {}", e.getMessage());
        }
    }

    static ResolverSettings settings(Config c) {
        return ResolverSettings.of(c.flat_band_pct(), c.buffer_minutes(), c.tolerance_minutes(),
                c.unresolvable_after_hours(), c.chunk_size(), c.remote_lookback_hours());
    }

    @Override
    public ResolutionRun resolveDue(Instant asOf) {
        return resolver.resolveDue(asOf);
    }
}
