package learning.meta.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import learning.api.LearningCycleName;
import learning.api.ServiceProperties;
import learning.api.ValidationException;
import learning.api.cycle.CycleNames;
import learning.api.cycle.LearningCycle;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.Horizon;
import learning.api.meta.MetaForecast;
import learning.api.meta.MetaProducer;
import learning.api.store.LearningDatabase;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code meta} cycle: calls the live {@link MetaProducer} for each configured asset and
 * horizon (or, when none are configured, each one with a producer forecast in the two hours before
 * the cycle's instant). The producer is a dynamic, greedy reference named {@code meta}: the
 * best-ranked one, or the one {@code meta.target} (in {@code learning.meta}) names, serves the next
 * run without a restart.
 */
@Component(service = LearningCycle.class, immediate = true, configurationPid = MetaProducerComponent.PID)
@LearningCycleName(CycleNames.META)
public class MetaCycle implements LearningCycle {
    private static final Logger LOG = LoggerFactory.getLogger(MetaCycle.class);

    @Reference(name = "meta", service = MetaProducer.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Map.Entry<Map<String, Object>, MetaProducer> meta;

    private final LearningDatabase db;
    private volatile List<String> assets;
    private volatile List<String> horizons;

    /**
     * @param config the settings (assets and horizons)
     * @param db the database, to find the assets and horizons with recent forecasts
     */
    @Activate
    public MetaCycle(MetaProducerComponent.Config config, @Reference LearningDatabase db) {
        this.db = db;
        modified(config);
    }

    /**
     * Without OSGi, for tests and plain use (the learning-quality report): the cycle always calls
     * {@code producer}.
     *
     * @param config the settings (assets and horizons)
     * @param db the database, to find the assets and horizons with recent forecasts
     * @param producer the meta-producer to call
     * @param implementation its {@code learning.implementation} name, for the cycle's counts
     */
    public MetaCycle(MetaProducerComponent.Config config, LearningDatabase db, MetaProducer producer,
            String implementation) {
        this(config, db);
        this.meta = Map.entry(Map.<String, Object>of(ServiceProperties.IMPLEMENTATION, implementation), producer);
    }

    /** New assets or horizons apply to the next run; a new {@code meta.target} rebinds the producer. */
    @Modified
    void modified(MetaProducerComponent.Config config) {
        List<String> a = new ArrayList<>();
        for (String s : config.assets()) {
            if (s != null && !s.isBlank()) {
                a.add(s.trim().toUpperCase(Locale.ROOT));
            }
        }
        List<String> h = new ArrayList<>();
        for (String s : config.horizons()) {
            if (s == null || s.isBlank()) {
                continue;
            }
            try {
                h.add(Horizon.parse(s).label());
            } catch (IllegalArgumentException e) {
                LOG.error("meta cycle: horizon '{}' ignored: {}", s, e.getMessage());
            }
        }
        assets = List.copyOf(a);
        horizons = List.copyOf(h);
    }

    @Override
    public Map<String, Object> run(Instant asOf) {
        Map.Entry<Map<String, Object>, MetaProducer> live = meta;
        if (live == null) {
            throw new IllegalStateException("no MetaProducer matches meta.target");
        }
        MetaProducer producer = live.getValue();
        int forecasts = 0;
        int calls = 0;
        Map<String, Integer> abstentions = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (String[] pair : pairs(asOf)) {
            calls++;
            try {
                MetaForecast f = producer.produce(pair[0], pair[1], asOf);
                if (f.action() == ForecastAction.NO_FORECAST) {
                    abstentions.merge(f.abstentionReason() == null ? "none" : f.abstentionReason().wireName(), 1,
                            Integer::sum);
                } else {
                    forecasts++;
                }
            } catch (ValidationException e) {
                failures.add(pair[0] + "/" + pair[1] + ": " + e.getMessage());
            }
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        Object name = live.getKey().get(ServiceProperties.IMPLEMENTATION);
        counts.put("implementation", name == null ? String.valueOf(live.getKey().get("component.name")) : name.toString());
        counts.put("mode", producer.mode().wireName());
        counts.put("calls", calls);
        counts.put("forecasts", forecasts);
        counts.put("abstentions", abstentions);
        if (!failures.isEmpty()) {
            counts.put("refused", failures);
        }
        return counts;
    }

    /** The configured assets and horizons, each missing side filled from the recent forecasts. */
    List<String[]> pairs(Instant asOf) {
        List<String> a = assets;
        List<String> h = horizons;
        List<String[]> out = new ArrayList<>();
        if (!a.isEmpty() && !h.isEmpty()) {
            for (String asset : a) {
                for (String horizon : h) {
                    out.add(new String[] {asset, horizon});
                }
            }
            return out;
        }
        for (String[] recent : recent(asOf)) {
            if ((a.isEmpty() || a.contains(recent[0])) && (h.isEmpty() || h.contains(recent[1]))) {
                out.add(recent);
            }
        }
        return out;
    }

    /**
     * Assets and horizons of producer forecasts made in the two hours before {@code asOf}: their
     * targets lie within a year after the window (the longest horizon), which the target index finds.
     */
    private List<String[]> recent(Instant asOf) {
        Instant from = asOf.minus(MetaEngine.STATE_WINDOW);
        return db.read(c -> {
            TreeSet<String> seen = new TreeSet<>();
            try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT asset, horizon FROM forecasts"
                    + " WHERE target_ts > ? AND target_ts <= ? AND ts > ? AND ts <= ? AND LOWER(producer_id) NOT LIKE 'meta%'"
                    + " AND action <> 'no_forecast'")) {
                p.setObject(1, Times.timestamp(from));
                p.setObject(2, Times.timestamp(asOf.plus(Duration.ofDays(366))));
                p.setObject(3, Times.timestamp(from));
                p.setObject(4, Times.timestamp(asOf));
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        seen.add(r.getString(1) + "\n" + r.getString(2));
                    }
                }
            }
            List<String[]> out = new ArrayList<>();
            for (String s : seen) {
                out.add(s.split("\n", 2));
            }
            return out;
        });
    }
}
