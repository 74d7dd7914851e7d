package learning.forecast.internal;

import java.time.Duration;
import java.util.List;

import learning.api.event.EventLog;
import learning.api.forecast.OutcomeHistory;
import learning.api.forecast.OutcomeResolver;
import learning.api.forecast.PerformanceAggregator;
import learning.api.ledger.InputLedger;
import learning.api.store.LearningDatabase;

/**
 * The forecast components with their default settings, built outside a framework: for other
 * bundles' tests and for the benchmark harness, which wire them to a store of their own. Inside
 * the framework Declarative Services builds them from their configurations.
 */
public final class ForecastComponents {
    private ForecastComponents() {
    }

    /**
     * @param db the database
     * @param events the event log
     * @param ledger the input ledger
     * @return the default resolver, answering from local bars only
     */
    public static OutcomeResolver resolver(LearningDatabase db, EventLog events, InputLedger ledger) {
        return new DefaultOutcomeResolver(db, events, ledger, List::of, ResolverSettings.defaults());
    }

    /**
     * @param db the database
     * @return the outcome history
     */
    public static OutcomeHistory history(LearningDatabase db) {
        return new SqlOutcomeHistory(db);
    }

    /**
     * @param db the database
     * @return the incremental aggregator over the default 90-day window
     */
    public static PerformanceAggregator aggregator(LearningDatabase db) {
        return new IncrementalAggregator(db, Duration.ofDays(90));
    }
}
