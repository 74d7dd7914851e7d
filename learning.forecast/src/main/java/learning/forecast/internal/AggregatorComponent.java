package learning.forecast.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import learning.api.LearningCycleName;
import learning.api.cycle.CycleNames;
import learning.api.cycle.LearningCycle;
import learning.api.forecast.AggregationRun;
import learning.api.forecast.PerformanceAggregator;
import learning.api.forecast.ProducerCorrelation;
import learning.api.forecast.ProducerPerformance;
import learning.api.store.LearningDatabase;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes the performance aggregator and its {@code aggregate} cycle. */
@Component(service = {PerformanceAggregator.class, LearningCycle.class}, immediate = true,
        configurationPid = AggregatorComponent.PID)
@Designate(ocd = AggregatorComponent.Config.class)
@LearningCycleName(CycleNames.AGGREGATE)
public class AggregatorComponent implements PerformanceAggregator, LearningCycle {
    static final String PID = "learning.forecast.aggregator";
    private static final Logger LOG = LoggerFactory.getLogger(AggregatorComponent.class);

    /** The aggregator's settings. */
    @ObjectClassDefinition(name = "Learning engine performance aggregator",
            description = "Producer performance and agreement over a window of forecast time.")
    public @interface Config {
        /** @return the window in days */
        @AttributeDefinition(name = "Window (days)", description = "Outcomes of forecasts made this many days before"
                + " a run's instant, up to it, are counted (1 to 3650).")
        int window_days() default 90;
    }

    private final IncrementalAggregator aggregator;

    /**
     * @param config the settings
     * @param db the database
     */
    @Activate
    public AggregatorComponent(Config config, @Reference LearningDatabase db) {
        Duration w;
        try {
            w = window(config);
        } catch (IllegalArgumentException e) {
            LOG.error("aggregator configuration refused, the default 90 days are in force: {}", e.getMessage());
            w = Duration.ofDays(90);
        }
        aggregator = new IncrementalAggregator(db, w);
        LOG.info("performance aggregator configured: window {} days", w.toDays());
    }

    /** A new window applies from the next run on, which moves the statistics to it incrementally. */
    @Modified
    void modified(Config config) {
        try {
            Duration w = window(config);
            aggregator.configure(w);
            LOG.info("performance aggregator reconfigured: window {} days", w.toDays());
        } catch (IllegalArgumentException e) {
            LOG.error("aggregator configuration refused, the previous one stays in force: {}", e.getMessage());
        }
    }

    static Duration window(Config c) {
        if (c.window_days() < 1 || c.window_days() > 3650) {
            throw new IllegalArgumentException("window.days must lie in [1, 3650], not " + c.window_days());
        }
        return Duration.ofDays(c.window_days());
    }

    @Override
    public AggregationRun update(Instant asOf) {
        return aggregator.update(asOf);
    }

    @Override
    public List<ProducerPerformance> performance(String producerId, String asset, String horizon) {
        return aggregator.performance(producerId, asset, horizon);
    }

    @Override
    public List<ProducerCorrelation> correlation(String asset, String horizon) {
        return aggregator.correlation(asset, horizon);
    }

    @Override
    public Map<String, Object> run(Instant asOf) {
        AggregationRun r = aggregator.update(asOf);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("new_outcomes", r.newOutcomes());
        counts.put("producer_groups", r.producerGroups());
        counts.put("pairs", r.pairs());
        counts.put("window_days", aggregator.window().toDays());
        counts.put("outcome_seq", aggregator.state().seq());
        return counts;
    }
}
