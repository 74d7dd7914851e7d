package learning.api.event;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The append-only event log. Every event's hash covers its predecessor's hash, so an altered or
 * removed row is detectable with {@link #verifyChain()}. Calls made inside
 * {@code LearningDatabase.inTransaction} join that transaction.
 */
@ProviderType
public interface EventLog {
    /**
     * Appends one event. With a dedupe key that is already stored, returns the stored event
     * ({@code created == false}) when the payload is the same, and throws
     * {@link learning.api.ConflictException} (field {@code dedupe_key}) when it differs; the
     * original stays.
     *
     * @param event the event to append
     * @return the stored event and whether it is new
     */
    AppendResult append(NewEvent event);

    /**
     * Appends several events atomically: either every event is stored (or found by its dedupe
     * key) or, on any conflict, none is.
     *
     * @param events the events, in chain order
     * @return one result per event, in the same order
     */
    List<AppendResult> appendAll(List<NewEvent> events);

    /**
     * @param id an event id
     * @return the event, if stored
     */
    Optional<Event> byId(String id);

    /**
     * @param dedupeKey a dedupe key
     * @return the event stored under it, if any
     */
    Optional<Event> byDedupeKey(String dedupeKey);

    /**
     * @param query filters and limit
     * @return matching events, newest first (by sequence)
     */
    List<Event> query(EventQuery query);

    /**
     * @param type an event type, or null for all
     * @return how many events of that type are stored
     */
    long count(String type);

    /**
     * Walks the whole chain in sequence order without loading it into memory.
     *
     * @return whether it is intact and, if not, the first event that fails
     */
    ChainVerification verifyChain();
}
