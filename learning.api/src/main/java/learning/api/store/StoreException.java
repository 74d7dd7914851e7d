package learning.api.store;

/** A database error that is not the caller's fault. The REST API answers it with HTTP 500. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause the underlying error
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
