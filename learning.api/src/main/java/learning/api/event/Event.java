package learning.api.event;

import java.time.Instant;

/**
 * One stored event of the log.
 *
 * @param id unique id (a UUID string), assigned by the log
 * @param sequence position in the hash chain, 1 for the first event, increasing by one
 * @param type the dotted type name, see {@link EventTypes}
 * @param ts the instant the event describes (UTC, microsecond precision)
 * @param source the component or client that wrote it, for example {@code "outcome_writer"}
 * @param dedupeKey the idempotency key, or null when the event has none
 * @param payload the payload as canonical JSON (an object, keys sorted, no insignificant white space)
 * @param prevHash hash of the previous event, 64 zeros for the first one
 * @param hash SHA-256 (lower-case hex) over the previous hash and this event's fields
 */
public record Event(String id, long sequence, String type, Instant ts, String source, String dedupeKey,
        String payload, String prevHash, String hash) {
}
