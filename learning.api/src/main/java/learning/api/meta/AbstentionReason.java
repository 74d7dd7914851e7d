package learning.api.meta;

/** Why the meta-producer did not forecast. On the wire lower case. */
public enum AbstentionReason {
    /** Fewer than 500 resolved outcomes, no current ensemble, or too few matching episodes. */
    INSUFFICIENT_DATA,
    /** Matching episodes won less than 60 % of the time. */
    LOW_CONFIDENCE,
    /** It would forecast, but runs in shadow mode. */
    SHADOW_MODE;

    /** @return the wire name, lower case */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
