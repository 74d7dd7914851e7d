package learning.api.weights;

/** The state of a weights cycle's result. On the wire lower case. */
public enum AdjustmentStatus {
    /** Waiting for an operator (approval required). */
    PENDING,
    /** Applied to the live weights. */
    APPLIED,
    /** Refused by an operator; never applied. */
    REJECTED,
    /** The overfitting guard, or an operator, returned the weights to the preset. */
    REVERTED,
    /** Nothing changed: cold start, insufficient data, or no change proposed. */
    OBSERVED;

    /** @return the wire name, lower case */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
