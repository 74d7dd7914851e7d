package learning.api.meta;

import java.time.Instant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The swappable meta-producer role. It reads only the performance tables and the outcome history,
 * never prices. Swapped by {@code service.ranking} or {@code meta.target}; its mode is a live
 * setting of the implementation.
 */
@ConsumerType
public interface MetaProducer {
    /**
     * Forecasts (or abstains) for one asset and horizon at an instant. In shadow mode a would-be
     * forecast is stored as a shadow forecast and a {@code shadow_mode} abstention is returned.
     *
     * @param asset the asset, upper case
     * @param horizon the horizon label
     * @param asOf the call's instant: only history before it is used
     * @return the forecast or the abstention
     */
    MetaForecast produce(String asset, String horizon, Instant asOf);

    /** @return the current mode */
    MetaMode mode();
}
