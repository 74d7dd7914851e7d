package learning.api.ledger;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A forecast horizon: a positive whole number of minutes, hours, days or weeks, written
 * {@code 15m}, {@code 4h}, {@code 24h}, {@code 3d}, {@code 1w}. A value type like
 * {@link Duration}: {@link #parse(String)} is its constructor from text.
 *
 * @param label the label as given, trimmed and lower case
 * @param duration its length, at least one minute and at most 365 days
 */
public record Horizon(String label, Duration duration) {
    private static final Pattern FORM = Pattern.compile("^(\\d{1,6})([mhdw])$");

    /**
     * @param text a horizon label
     * @return the horizon
     * @throws IllegalArgumentException when the text is not a horizon, with the reason
     */
    public static Horizon parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("horizon is missing");
        }
        String label = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = FORM.matcher(label);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a horizon: use a whole number and m, h, d or w, such as 15m, 4h, 24h, 3d, 1w");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        if (d.isZero() || d.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("horizon '" + text + "' must lie between 1m and 365d");
        }
        return new Horizon(label, d);
    }
}
