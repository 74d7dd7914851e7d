package learning.api.ledger;

/** Whether a position is still open. On the wire: {@code "open"} or {@code "closed"}. */
public enum PositionStatus {
    /** Opened, not closed yet. */
    OPEN,
    /** Closed with a realized PnL. */
    CLOSED;

    /** @return the wire name, lower case */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
