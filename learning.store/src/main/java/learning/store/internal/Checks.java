package learning.store.internal;

import java.time.Instant;

import learning.api.ValidationException;

/** Input checks shared by the ledger's writes; each names the field it refuses. */
final class Checks {
    static final int MAX_ID = 128;
    static final int MAX_LABEL = 64;

    private Checks() {
    }

    static String text(String field, String value, int max) {
        if (value == null) {
            throw new ValidationException(field, field + " is required");
        }
        String v = value.trim();
        if (v.isEmpty()) {
            throw new ValidationException(field, field + " must not be blank");
        }
        if (v.length() > max) {
            throw new ValidationException(field, field + " must be at most " + max + " characters");
        }
        return v;
    }

    static String optionalText(String field, String value, int max) {
        return value == null || value.isBlank() ? null : text(field, value, max);
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new ValidationException(field, field + " is required");
        }
        return value;
    }

    static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new ValidationException(field, field + " must be a finite number");
        }
        return value;
    }

    static Double optionalFinite(String field, Double value) {
        return value == null ? null : finite(field, value);
    }

    static double positive(String field, double value) {
        finite(field, value);
        if (value <= 0) {
            throw new ValidationException(field, field + " must be greater than 0");
        }
        return value;
    }

    static Double optionalPositive(String field, Double value) {
        return value == null ? null : positive(field, value);
    }

    static double nonNegative(String field, double value) {
        finite(field, value);
        if (value < 0) {
            throw new ValidationException(field, field + " must not be negative");
        }
        return value;
    }

    static double probability(String field, double value) {
        finite(field, value);
        if (value < 0 || value > 1) {
            throw new ValidationException(field, field + " must lie in [0, 1]");
        }
        return value;
    }

    static Instant instant(String field, Instant value) {
        return required(field, value);
    }
}
