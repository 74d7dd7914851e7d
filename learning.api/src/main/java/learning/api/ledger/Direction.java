package learning.api.ledger;

/** The side of a position. On the wire: {@code "long"} or {@code "short"}. */
public enum Direction {
    /** Profits when the price rises. */
    LONG,
    /** Profits when the price falls. */
    SHORT;

    /** @return the wire name, lower case */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
