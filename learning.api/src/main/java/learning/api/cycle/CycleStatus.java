package learning.api.cycle;

/** How a cycle run ended. On the wire lower case. */
public enum CycleStatus {
    /** Every step succeeded. */
    SUCCEEDED,
    /** A step failed; the error is recorded, later steps still ran. */
    FAILED,
    /** Not run: the same cycle was already running. */
    SKIPPED;

    /** @return the wire name, lower case */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
