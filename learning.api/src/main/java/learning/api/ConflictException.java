package learning.api;

/**
 * The request contradicts what is already stored (a dedupe key reused with another payload, a
 * position closed twice, an id reused with other content). The stored original stays; nothing of
 * the request was written. The REST API answers it with HTTP 409.
 */
public class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    /**
     * @param field the field whose value collides (for example {@code "id"}), never null
     * @param message what collides with what
     */
    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the field whose value collides */
    public String field() {
        return field;
    }
}
