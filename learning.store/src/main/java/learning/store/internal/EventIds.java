package learning.store.internal;

import java.util.UUID;

/**
 * Event ids as version 7 UUIDs (RFC 9562) that carry the event's sequence number: the high half
 * holds a millisecond timestamp and a counter, so ids grow with the chain, and the low half holds
 * the sequence, so an id finds its row through the primary key without an index of its own. On a
 * cached table, every extra index over random keys made each append several times slower.
 */
final class EventIds {
    private static final long VARIANT = 0x8000000000000000L;
    private static final long SEQUENCE_BITS = 0x3FFFFFFFFFFFFFFFL;
    private long lastMillis;
    private int counter;

    /**
     * @param sequence the event's sequence number, at least 1
     * @return its id, greater than every id this generator gave before
     */
    synchronized String next(long sequence) {
        long now = System.currentTimeMillis();
        if (now > lastMillis) {
            lastMillis = now;
            counter = 0;
        } else if (++counter > 0xFFF) {
            lastMillis++;
            counter = 0;
        }
        long msb = (lastMillis << 16) | 0x7000L | counter;
        return new UUID(msb, VARIANT | (sequence & SEQUENCE_BITS)).toString();
    }

    /**
     * @param id an event id
     * @return the sequence number it carries, or -1 when it is not an id of this log
     */
    static long sequenceOf(String id) {
        try {
            UUID u = UUID.fromString(id);
            if (u.version() != 7 || u.variant() != 2) {
                return -1;
            }
            return u.getLeastSignificantBits() & SEQUENCE_BITS;
        } catch (IllegalArgumentException | NullPointerException e) {
            return -1;
        }
    }
}
