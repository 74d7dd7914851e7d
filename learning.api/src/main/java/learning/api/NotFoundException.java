package learning.api;

/**
 * An id names nothing that is stored. The REST API answers it with HTTP 404, except where a
 * request body refers to the unknown id, which is bad input (HTTP 400).
 */
public class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    /**
     * @param field the field that carried the unknown id
     * @param message which id is unknown
     */
    public NotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the field that carried the unknown id */
    public String field() {
        return field;
    }
}
