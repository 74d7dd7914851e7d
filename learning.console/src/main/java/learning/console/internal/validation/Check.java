package learning.console.internal.validation;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import learning.api.ValidationException;
import learning.api.ledger.Horizon;
import learning.console.internal.json.Texts;

/**
 * Checks of request values. Each check returns the value it accepted and throws a
 * {@link ValidationException} naming the field otherwise, so a handler reads as a list of rules.
 */
public final class Check {
    private static final Map<String, Horizon> HORIZONS = new ConcurrentHashMap<>();
    private Check() {
    }

    /**
     * @param prefix the item's position such as {@code [3]} or {@code bars[0]}, or empty
     * @param name a field name
     * @return the field as clients write it: {@code [3].confidence}, {@code bars[0].high}, {@code id}
     */
    public static String field(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /**
     * @param <T> the type
     * @param field the field
     * @param value the value read
     * @return the value
     * @throws ValidationException when it is absent
     */
    public static <T> T present(String field, T value) {
        if (value == null) {
            throw new ValidationException(field, "is missing");
        }
        return value;
    }

    /**
     * @param field the field
     * @param value the value read
     * @param maxLength the longest accepted length
     * @return the value
     * @throws ValidationException when it is absent, blank or too long
     */
    public static String text(String field, String value, int maxLength) {
        present(field, value);
        if (value.isBlank()) {
            throw new ValidationException(field, "must not be blank");
        }
        return bounded(field, value, maxLength);
    }

    /**
     * @param field the field
     * @param value the value read, or null
     * @param maxLength the longest accepted length
     * @return the value, or null when absent or blank
     * @throws ValidationException when it is too long
     */
    public static String optionalText(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return bounded(field, value, maxLength);
    }

    private static String bounded(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw new ValidationException(field, "must be at most " + maxLength + " characters long");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new ValidationException(field, "must not contain control characters");
            }
        }
        return value;
    }

    /**
     * @param field the field
     * @param value the number read
     * @return the number
     * @throws ValidationException when it is absent, zero or negative
     */
    public static double positive(String field, Double value) {
        if (present(field, value) <= 0) {
            throw new ValidationException(field, "must be greater than 0, not " + value);
        }
        return value;
    }

    /**
     * @param field the field
     * @param value the number read, or null
     * @return the number, or null when absent
     * @throws ValidationException when it is zero or negative
     */
    public static Double optionalPositive(String field, Double value) {
        return value == null ? null : positive(field, value);
    }

    /**
     * @param field the field
     * @param value the number read
     * @return the number
     * @throws ValidationException when it is absent or negative
     */
    public static double nonNegative(String field, Double value) {
        if (present(field, value) < 0) {
            throw new ValidationException(field, "must not be negative, not " + value);
        }
        return value;
    }

    /**
     * @param field the field
     * @param value the number read
     * @return the number
     * @throws ValidationException when it is absent or outside [0, 1]
     */
    public static double probability(String field, Double value) {
        double p = present(field, value);
        if (p < 0 || p > 1) {
            throw new ValidationException(field, "must lie between 0 and 1, not " + value);
        }
        return p;
    }

    /**
     * @param field the field
     * @param value the whole number read
     * @return it as an int
     * @throws ValidationException when it is absent, negative or larger than an int
     */
    public static int count(String field, Long value) {
        if (present(field, value) < 0 || value > Integer.MAX_VALUE) {
            throw new ValidationException(field, "must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
        return value.intValue();
    }

    /**
     * @param <E> the enum type, whose lower-case names are the wire names
     * @param field the field
     * @param value the text read
     * @param type the enum
     * @return the matching constant
     * @throws ValidationException when it is absent or names no constant
     */
    public static <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
        present(field, value);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.strip())) {
                return constant;
            }
        }
        StringBuilder names = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new ValidationException(field, "'" + Texts.excerpt(value) + "' is not one of " + names);
    }

    /**
     * @param field the field
     * @param value the label read
     * @return the parsed horizon
     * @throws ValidationException when it is absent or not a horizon
     */
    public static Horizon horizon(String field, String value) {
        present(field, value);
        if (value.length() > 16) {
            throw new ValidationException(field, "'" + Texts.excerpt(value) + "' is not a horizon such as 15m, 4h, 3d or 1w");
        }
        Horizon known = HORIZONS.get(value);
        if (known != null) {
            return known;
        }
        try {
            Horizon parsed = Horizon.parse(value);
            // Clients use a handful of labels; remembering them saves a regular expression per item.
            if (HORIZONS.size() < 256) {
                HORIZONS.put(value, parsed);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, e.getMessage());
        }
    }
}
