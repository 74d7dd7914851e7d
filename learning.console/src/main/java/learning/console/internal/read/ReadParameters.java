package learning.console.internal.read;

import java.time.Instant;

import learning.api.ValidationException;
import learning.console.internal.api.QueryParameters;
import learning.console.internal.json.WireTime;

/** Query parameters shared by the list and run endpoints: {@code limit}, {@code since}, {@code as_of}. */
public final class ReadParameters {
    /** Rows answered when the client does not say. */
    public static final int DEFAULT_LIMIT = 100;
    /** The most rows one request may ask for. */
    public static final int MAX_LIMIT = 10_000;

    private ReadParameters() {
    }

    /**
     * @param q the query
     * @return {@code limit}, 1 to 10,000, default 100
     */
    public static int limit(QueryParameters q) {
        return q.get("limit").map(ReadParameters::limit).orElse(DEFAULT_LIMIT);
    }

    /**
     * @param q the query
     * @return {@code since} as an instant, or null
     */
    public static Instant since(QueryParameters q) {
        return q.get("since").map(s -> WireTime.parse("since", s)).orElse(null);
    }

    /**
     * @param q the query
     * @return {@code as_of} as an instant, or now when absent
     */
    public static Instant asOf(QueryParameters q) {
        return q.get("as_of").map(s -> WireTime.parse("as_of", s)).orElseGet(Instant::now);
    }

    private static int limit(String text) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        if (value < 1 || value > MAX_LIMIT) {
            throw new ValidationException("limit", "must lie between 1 and " + MAX_LIMIT + ", not " + value);
        }
        return value;
    }
}
