package learning.replay.internal;

/** A price file that cannot be used; the message names the file, the line or item, and the field. */
public final class PriceFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where */
    public PriceFileException(String message) {
        super(message);
    }
}
