package learning.karma.internal;

/**
 * Appends JSON values to a StringBuilder. Payloads are written by hand, keys in sorted order,
 * because a sweep writes one per trade and building them with Gson's tree model stood out in
 * profiles of the sweep; the event log parses and canonicalizes every payload anyway, so the output only has to be
 * valid JSON. Numbers are written as {@link Double#toString(double)}, as Gson writes them.
 */
final class JsonText {
    private JsonText() {
    }

    static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == '\u2028' || ch == '\u2029') {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"');
    }

    static StringBuilder key(StringBuilder b, String key) {
        return string(b, key).append(':');
    }

    /** @throws IllegalArgumentException for NaN and infinities, which JSON cannot carry */
    static StringBuilder number(StringBuilder b, double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        return b.append(d);
    }
}
