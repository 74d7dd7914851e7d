package learning.console.internal.auth;

/** What a token may do. */
public enum Role {
    /** May read everything (GET). */
    VIEWER,
    /** May also change state (POST, PUT, DELETE). */
    OPERATOR;

    /** @return true when requests with this role may change state */
    public boolean mayWrite() {
        return this == OPERATOR;
    }

    /** @return the lower-case name used in labels and the token table */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
