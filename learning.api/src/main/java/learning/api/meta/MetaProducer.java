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

    /**
     * Switches the mode: the implementation's configuration is updated (so the mode survives a
     * restart) and the switch is audited as a {@code meta.mode_changed.v1} event naming the actor.
     * Switching to the current mode changes nothing and records nothing.
     *
     * @param to the new mode
     * @param actor who asks, for the audit trail, for example the REST principal or {@code "gogo"}
     * @return the mode in force afterwards
     * @throws UnsupportedOperationException when the implementation's mode cannot be switched at run time
     * @since 1.1
     */
    default MetaMode switchMode(MetaMode to, String actor) {
        throw new UnsupportedOperationException("this meta-producer's mode cannot be switched at run time");
    }

    /**
     * @return mode, activation progress and shadow track record; implementations that keep no
     *         record answer what they know (this default: the mode only)
     * @since 1.1
     */
    default MetaStatus status() {
        return new MetaStatus(mode(), "unknown", "unknown", 0, 0, 0, new MetaTrackRecord(0, 0, null, null, null, null),
                null);
    }
}
