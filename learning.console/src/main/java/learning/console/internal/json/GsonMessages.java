package learning.console.internal.json;

/** Turns Gson's parser messages into words for API clients. */
final class GsonMessages {
    private GsonMessages() {
    }

    /**
     * @param message a Gson exception message, may be null
     * @return the message without the troubleshooting link and without the advice to switch the
     *         parser to lenient mode (which is meant for Java programmers, not for API clients)
     */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "malformed JSON";
        }
        String text = message;
        int see = text.indexOf("\nSee ");
        if (see >= 0) {
            text = text.substring(0, see);
        }
        text = text.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
        text = text.replace("Use JsonReader.setLenient(true) to accept malformed JSON", "malformed JSON");
        if (text.length() > 300) {
            text = text.substring(0, 300) + "...";
        }
        return text.strip();
    }
}
