package learning.api.attribution;

/** What attributing one closed position did. */
public enum AttributionStatus {
    /** The outcome was recorded and {@code learning.outcome.v1} emitted now. */
    ATTRIBUTED,
    /** It had been attributed before; nothing changed. */
    ALREADY_ATTRIBUTED,
    /** The position has no conviction (or an unknown one): an attribution gap, counted, not an error. */
    GAP
}
