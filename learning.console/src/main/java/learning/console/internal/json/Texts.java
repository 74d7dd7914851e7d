package learning.console.internal.json;

/** Text helpers for error messages. */
public final class Texts {
    private static final int EXCERPT = 64;

    private Texts() {
    }

    /**
     * @param value a client-supplied value
     * @return the value, shortened so that error messages never echo large inputs
     */
    public static String excerpt(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= EXCERPT ? value : value.substring(0, EXCERPT) + "...";
    }
}
