package learning.api.event;

/**
 * The result of walking the hash chain from the first event to the last.
 *
 * @param valid true when every event's hash matches its content and its predecessor's hash
 * @param eventsChecked how many events were read
 * @param firstBadSequence the sequence number of the first event that fails, or null when valid
 * @param firstBadEventId the id of that event, or null when valid
 * @param problem what failed for it ("hash does not match content", "prev_hash does not match
 *        the previous event", "sequence gap"), or null when valid
 */
public record ChainVerification(boolean valid, long eventsChecked, Long firstBadSequence, String firstBadEventId,
        String problem) {
}
