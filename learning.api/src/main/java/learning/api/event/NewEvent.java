package learning.api.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An event to append.
 *
 * @param type the dotted type name, see {@link EventTypes}; not blank
 * @param ts the instant the event describes; stored with microsecond precision
 * @param source who writes it; not blank
 * @param dedupeKey idempotency key, or null; at most 512 characters
 * @param payload a JSON object as text; the log stores it in canonical form
 */
public record NewEvent(String type, Instant ts, String source, String dedupeKey, String payload) {
    /** Checks the required parts. */
    public NewEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(payload, "payload");
    }
}
