package learning.console.internal.web;

import java.util.Optional;

/** Reads one cookie from a {@code Cookie} request header. */
final class Cookies {
    private Cookies() {
    }

    /**
     * @param header the {@code Cookie} header ({@code a=1; b=2}), or null
     * @param name the cookie's name
     * @return its value, empty when absent or blank
     */
    static Optional<String> value(String header, String name) {
        if (header == null) {
            return Optional.empty();
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                String value = part.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
