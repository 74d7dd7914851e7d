package learning.api.forecast;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Read access to resolved outcomes. */
@ProviderType
public interface OutcomeHistory {
    /**
     * @param query filters and limit
     * @return outcomes, newest forecast first
     */
    List<ForecastOutcome> outcomes(OutcomeQuery query);

    /** @return how many forecasts are resolved, over every asset, horizon and time */
    long resolvedCount();
}
