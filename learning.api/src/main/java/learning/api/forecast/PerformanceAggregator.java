package learning.api.forecast;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Keeps producer performance and producer agreement up to date from new outcomes only, over a
 * window of forecast time (default 90 days).
 */
@ProviderType
public interface PerformanceAggregator {
    /**
     * Folds in outcomes resolved since the last run.
     *
     * @param asOf the run's instant (the window ends here)
     * @return what was updated
     */
    AggregationRun update(Instant asOf);

    /**
     * @param producerId only this producer, or null
     * @param asset only this asset, or null
     * @param horizon only this horizon, or null
     * @return performance rows
     */
    List<ProducerPerformance> performance(String producerId, String asset, String horizon);

    /**
     * @param asset only this asset, or null
     * @param horizon only this horizon, or null
     * @return pair rows
     */
    List<ProducerCorrelation> correlation(String asset, String horizon);
}
