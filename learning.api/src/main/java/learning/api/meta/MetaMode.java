package learning.api.meta;

/** Whether the meta-producer's forecasts are only recorded (shadow) or emitted (live). */
public enum MetaMode {
    /** Would-be forecasts are stored as shadow forecasts; calls return a {@code shadow_mode} abstention. */
    SHADOW,
    /** Forecasts are emitted as {@code forecast.v1} with source {@code meta@<version>}. */
    LIVE;

    /** @return the wire name, lower case */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
