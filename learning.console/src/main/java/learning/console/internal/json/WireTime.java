package learning.console.internal.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import learning.api.ValidationException;

/** Instants on the wire: ISO-8601, answered in UTC as {@code 2026-01-05T10:00:00Z}. */
public final class WireTime {
    private WireTime() {
    }

    /**
     * @param field the field the text came from, for the error
     * @param text an ISO-8601 instant ({@code 2026-01-05T10:00:00Z}) or date-time with an offset
     *        ({@code 2026-01-05T12:00:00+02:00})
     * @return the instant
     * @throws ValidationException when the text is neither
     */
    public static Instant parse(String field, String text) {
        Instant instant = tryParse(text);
        if (instant == null) {
            throw invalid(field, text);
        }
        return instant;
    }

    /**
     * @param text an ISO-8601 instant or date-time with an offset
     * @return the instant, or null when the text is neither
     */
    public static Instant tryParse(String text) {
        Instant fast = parseZulu(text);
        if (fast != null) {
            return fast;
        }
        String trimmed = text.strip();
        try {
            return Instant.parse(trimmed);
        } catch (DateTimeParseException notZulu) {
            try {
                return OffsetDateTime.parse(trimmed).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /**
     * @param field the field
     * @param text the refused text
     * @return the error that names the field
     */
    public static ValidationException invalid(String field, String text) {
        return new ValidationException(field,
                "'" + Texts.excerpt(text) + "' is not an ISO-8601 instant such as 2026-01-05T10:00:00Z");
    }

    /**
     * The form clients send almost always, {@code 2026-01-05T10:00:00Z}, read without the general
     * formatter, which is several times slower; anything else takes the general path.
     */
    private static Instant parseZulu(String t) {
        if (t.length() != 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * @param instant an instant or null
     * @return its ISO-8601 UTC form, or null
     */
    public static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
