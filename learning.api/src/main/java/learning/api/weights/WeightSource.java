package learning.api.weights;

/** Where the live weights come from. */
public enum WeightSource {
    /** The preset. */
    PRESET,
    /** The learned overlay {@code data/learned_weights.yaml}. */
    LEARNED;

    /** @return the wire name, lower case */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
