package learning.api;

/**
 * Input was refused before anything was written. Names the offending field (as the snake_case
 * name clients send, with an index for batch items, for example {@code [3].confidence}) and what is
 * wrong with it. The REST API answers it with HTTP 400.
 */
public class ValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    /**
     * @param field the offending field, never null (use {@code "body"} for the whole request)
     * @param message what is wrong, in words an operator understands
     */
    public ValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the offending field */
    public String field() {
        return field;
    }

    /**
     * @param prefix a prefix such as {@code "[3]"} for the position of an item in a batch
     * @return the same problem with the field name prefixed
     */
    public ValidationException withFieldPrefix(String prefix) {
        String joined = field.startsWith("[") ? prefix + field : prefix + "." + field;
        return new ValidationException(joined, getMessage());
    }
}
