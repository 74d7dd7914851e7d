package learning.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import learning.api.ConflictException;
import learning.api.ValidationException;
import learning.api.event.AppendResult;
import learning.api.event.ChainVerification;
import learning.api.event.Event;
import learning.api.event.EventLog;
import learning.api.event.EventQuery;
import learning.api.event.NewEvent;
import learning.api.store.Migration;

/**
 * The event log in table {@code events}. Each event's hash is SHA-256 over the previous event's
 * hash and this event's fields, so an altered, inserted or removed row breaks the chain at that
 * point. The chain head is kept in memory and only advanced when the appending transaction commits.
 */
public class ChainedEventLog implements EventLog {
    static final String GENESIS = "0".repeat(64);
    private static final int MAX_DEDUPE_KEY = 512;
    private static final String COLUMNS = "seq, id, type, ts, source, dedupe_key, payload, prev_hash, hash";
    private static final String BY_DEDUPE_KEY = "SELECT e.seq, e.id, e.type, e.ts, e.source, e.dedupe_key,"
            + " e.payload, e.prev_hash, e.hash, d.payload_hash FROM event_dedupe d JOIN events e ON e.seq = d.seq"
            + " WHERE d.dedupe_key = ?";
    private static final String INSERT = "INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_KEY = "INSERT INTO event_dedupe (dedupe_key, seq, payload_hash) VALUES (?, ?, ?)";
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private final HsqlDatabase db;
    private final EventIds ids = new EventIds();
    /** The committed head; read and written only under the database's write lock. */
    private Head committed;
    /** The head inside the running write transaction, or null. */
    private Head working;

    /** The last event of the chain: its sequence number and hash, as hex (hashed) and bytes (stored). */
    private record Head(long seq, String hash, byte[] raw) {
        Head(long seq, byte[] raw) {
            this(seq, HEX.formatHex(raw), raw);
        }
    }

    /**
     * @param db the database; the {@code events} table is created if missing
     */
    public ChainedEventLog(HsqlDatabase db) {
        this.db = db;
        db.migrate("learning.store.events", List.of(new Migration(1, "event log with hash chain and dedupe keys", List.of(
                // Only indexes whose keys grow with the chain: an index over random keys on a cached
                // table costs a locked page visit per tree level on every append. Hashes are kept as
                // their 32 bytes: half the row space of hex, and no CHAR padding on every insert.
                "CREATE CACHED TABLE events (seq BIGINT PRIMARY KEY, id VARCHAR(36) NOT NULL,"
                        + " type VARCHAR(128) NOT NULL, ts TIMESTAMP(6) NOT NULL, source VARCHAR(256) NOT NULL,"
                        + " dedupe_key VARCHAR(512), payload VARCHAR(1048576) NOT NULL,"
                        + " prev_hash BINARY(32) NOT NULL, hash BINARY(32) NOT NULL)",
                "CREATE INDEX events_type_seq ON events (type, seq)",
                "CREATE CACHED TABLE event_dedupe (dedupe_key VARCHAR(512) PRIMARY KEY, seq BIGINT NOT NULL,"
                        + " payload_hash BINARY(32) NOT NULL)"))));
        this.committed = db.read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")) {
                return r.next() ? new Head(r.getLong(1), r.getBytes(2)) : new Head(0, new byte[32]);
            }
        });
    }

    @Override
    public AppendResult append(NewEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    @Override
    public List<AppendResult> appendAll(List<NewEvent> events) {
        return appendPrepared(events, false, false);
    }

    /**
     * Appends events whose payloads this bundle wrote itself in canonical form (sorted keys, no
     * white space), skipping the parse and re-serialization that client payloads need.
     */
    List<AppendResult> appendCanonical(List<NewEvent> events) {
        return appendPrepared(events, true, false);
    }

    /**
     * Appends canonical events whose dedupe keys the caller has already made unique with a table
     * of its own (the ledger's forecasts, keyed by forecast id). The keys are stored and hashed with
     * the events but not indexed a second time.
     */
    List<AppendResult> appendCanonicalUnique(List<NewEvent> events) {
        return appendPrepared(events, true, true);
    }

    private List<AppendResult> appendPrepared(List<NewEvent> events, boolean canonical, boolean keysUnique) {
        List<Prepared> prepared = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            try {
                prepared.add(prepare(events.get(i), canonical, keysUnique));
            } catch (ValidationException e) {
                throw events.size() == 1 ? e : e.withFieldPrefix("[" + i + "]");
            }
        }
        boolean anyKey = false;
        for (Prepared p : prepared) {
            anyKey |= p.event.dedupeKey() != null;
        }
        boolean checkKeys = anyKey && !keysUnique;
        return db.inTransaction(c -> {
            if (checkKeys) {
                // Fast path: most keys are new, so insert the key rows first without looking each
                // one up; the key table's primary key refuses a stored key, and then this part is
                // rolled back to the savepoint and done again with a lookup per key (same answer,
                // only slower). Keys repeated inside the batch are handled in memory either way.
                Savepoint before = c.setSavepoint();
                try {
                    return append(c, prepared, false, false);
                } catch (SQLException e) {
                    if (!Sql.isUniqueViolation(e)) {
                        throw e;
                    }
                    c.rollback(before);
                }
            }
            return append(c, prepared, keysUnique, checkKeys);
        });
    }

    /**
     * Appends inside the caller's transaction.
     *
     * @param keysUnique the caller keeps the keys unique: no key rows, no checks
     * @param lookUp look every key up first (else a stored key fails the key insert)
     */
    private List<AppendResult> append(Connection c, List<Prepared> prepared, boolean keysUnique, boolean lookUp)
            throws SQLException {
        Head head = head();
        List<AppendResult> results = new ArrayList<>(prepared.size());
        Map<String, Event> batchByKey = keysUnique ? Map.of() : new HashMap<>();
        Map<String, byte[]> batchHashByKey = keysUnique ? Map.of() : new HashMap<>();
        List<Event> toInsert = new ArrayList<>(prepared.size());
        List<byte[]> hashes = new ArrayList<>(prepared.size());
        List<byte[]> payloadHashes = new ArrayList<>(prepared.size());
        Hasher hasher = HASHER.get();
        PreparedStatement find = lookUp ? db.statement(c, BY_DEDUPE_KEY) : null;
        for (Prepared p : prepared) {
            NewEvent e = p.event;
            if (e.dedupeKey() != null && !keysUnique) {
                Event inBatch = batchByKey.get(e.dedupeKey());
                if (inBatch != null) {
                    requireSame(e, p.payloadHash, inBatch, batchHashByKey.get(e.dedupeKey()));
                    results.add(new AppendResult(inBatch, false));
                    continue;
                }
                if (lookUp) {
                    find.setString(1, e.dedupeKey());
                    try (ResultSet r = find.executeQuery()) {
                        if (r.next()) {
                            Event existing = read(r);
                            requireSame(e, p.payloadHash, existing, r.getBytes(10));
                            results.add(new AppendResult(existing, false));
                            continue;
                        }
                    }
                }
            }
            long seq = head.seq + 1;
            String id = ids.next(seq);
            byte[] raw = hasher.chainHash(head.hash, seq, id, e.type(), p.tsText, e.source(), e.dedupeKey(),
                    p.payload);
            Head next = new Head(seq, raw);
            Event stored = new Event(id, seq, e.type(), p.ts, e.source(), e.dedupeKey(), p.payload, head.hash,
                    next.hash);
            head = next;
            toInsert.add(stored);
            hashes.add(raw);
            payloadHashes.add(keysUnique ? null : p.payloadHash);
            if (e.dedupeKey() != null && !keysUnique) {
                batchByKey.put(e.dedupeKey(), stored);
                batchHashByKey.put(e.dedupeKey(), p.payloadHash);
            }
            results.add(new AppendResult(stored, true));
        }
        insert(c, toInsert, hashes, payloadHashes);
        advance(head);
        return results;
    }

    /**
     * A validated event: its instant cut to microseconds (what the table keeps) and as text, its
     * canonical payload, and the payload's hash when the dedupe key is checked here.
     */
    private record Prepared(NewEvent event, Instant ts, String tsText, String payload, byte[] payloadHash) {
    }

    private static Prepared prepare(NewEvent e, boolean canonical, boolean keysUnique) {
        if (e.type().isBlank() || e.type().length() > 128) {
            throw new ValidationException("type", "event type must be 1 to 128 characters");
        }
        if (e.source().isBlank() || e.source().length() > 256) {
            throw new ValidationException("source", "event source must be 1 to 256 characters");
        }
        if (e.dedupeKey() != null && (e.dedupeKey().isEmpty() || e.dedupeKey().length() > MAX_DEDUPE_KEY)) {
            throw new ValidationException("dedupe_key", "dedupe key must be 1 to " + MAX_DEDUPE_KEY + " characters");
        }
        if (e.ts() == null || !Sql.storable(e.ts())) {
            throw new ValidationException("ts", "the event's instant must lie in the years 0001 to 9999");
        }
        // Most payloads arrive canonical already (the engine's own bundles write them so): one
        // pass confirms it and skips the parse and re-serialization.
        String payload = canonical || Json.isCanonical(e.payload()) ? e.payload() : Json.canonical(e.payload());
        Instant ts = e.ts().getNano() % 1_000 == 0 ? e.ts() : e.ts().truncatedTo(ChronoUnit.MICROS);
        // The payload's own hash serves only to compare a reused dedupe key's payload; where the
        // caller keeps the keys unique, nothing reads it.
        byte[] payloadHash = e.dedupeKey() == null || keysUnique ? null : sha256Bytes(e.type() + "\n" + payload);
        return new Prepared(e, ts, Sql.iso(ts), payload, payloadHash);
    }

    private static void requireSame(NewEvent e, byte[] payloadHash, Event existing, byte[] existingHash) {
        if (!existing.type().equals(e.type()) || !java.util.Arrays.equals(existingHash, payloadHash)) {
            throw new ConflictException("dedupe_key", "dedupe key '" + e.dedupeKey()
                    + "' is already stored with a different payload (event " + existing.id() + "); the original stays");
        }
    }

    private Head head() {
        return working != null ? working : committed;
    }

    /** Records the new head for this transaction; it becomes the committed head only on commit. */
    private void advance(Head head) {
        if (head.seq == head().seq) {
            return;
        }
        boolean first = working == null;
        working = head;
        if (first) {
            HsqlDatabase.Tx tx = db.currentWrite();
            tx.afterCommit.add(() -> {
                committed = working;
                working = null;
            });
            tx.afterRollback.add(() -> working = null);
        }
    }

    private void insert(Connection c, List<Event> events, List<byte[]> hashes, List<byte[]> payloadHashes)
            throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        PreparedStatement p = db.statement(c, INSERT);
        List<Integer> keyed = new ArrayList<>();
        byte[] prev = HEX.parseHex(events.get(0).prevHash());
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            p.setLong(1, e.sequence());
            p.setString(2, e.id());
            p.setString(3, e.type());
            p.setObject(4, Sql.timestamp(e.ts()));
            p.setString(5, e.source());
            p.setString(6, e.dedupeKey());
            p.setString(7, e.payload());
            p.setBytes(8, prev);
            p.setBytes(9, hashes.get(i));
            prev = hashes.get(i);
            p.addBatch();
            if (e.dedupeKey() != null && payloadHashes.get(i) != null) {
                keyed.add(i);
            }
        }
        // The key rows first: a stored key then fails before any event row is written. In key
        // order, so that each insert into the key index starts near where the last one ended
        // instead of at a random place of a large index.
        if (!keyed.isEmpty()) {
            keyed.sort(Comparator.comparing(i -> events.get(i).dedupeKey()));
            PreparedStatement d = db.statement(c, INSERT_KEY);
            for (int i : keyed) {
                d.setString(1, events.get(i).dedupeKey());
                d.setLong(2, events.get(i).sequence());
                d.setBytes(3, payloadHashes.get(i));
                d.addBatch();
            }
            d.executeBatch();
        }
        p.executeBatch();
    }

    /**
     * The chain hash: SHA-256 over the previous event's hash (hex) and this event's fields, each
     * written as its UTF-8 length in decimal, a colon and its UTF-8 bytes, so that no choice of
     * separator can make two different events hash alike. The instant is its ISO-8601 text
     * ({@link Instant#toString()}) and a missing dedupe key is the single character U+0000.
     *
     * @return the hash as hex
     */
    static String chainHash(String prevHash, long seq, String id, String type, Instant ts, String source,
            String dedupeKey, String payload) {
        return HEX.formatHex(HASHER.get().chainHash(prevHash, seq, id, type, Sql.iso(ts), source, dedupeKey, payload));
    }

    private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

    /** Computes chain hashes into one reused buffer, without a string or array per field. */
    private static final class Hasher {
        private final MessageDigest md = SHA256.get();
        private byte[] buf = new byte[1024];
        private int n;

        byte[] chainHash(String prevHash, long seq, String id, String type, String tsText, String source,
                String dedupeKey, String payload) {
            n = 0;
            field(prevHash);
            field(Long.toString(seq));
            field(id);
            field(type);
            field(tsText);
            field(source);
            field(dedupeKey == null ? "\u0000" : dedupeKey);
            field(payload);
            md.reset();
            md.update(buf, 0, n);
            return md.digest();
        }

        private void field(String s) {
            int len = s.length();
            boolean ascii = true;
            for (int i = 0; i < len; i++) {
                if (s.charAt(i) >= 0x80) {
                    ascii = false;
                    break;
                }
            }
            if (!ascii) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                room(b.length + 12);
                prefix(b.length);
                System.arraycopy(b, 0, buf, n, b.length);
                n += b.length;
                return;
            }
            room(len + 12);
            prefix(len);
            for (int i = 0; i < len; i++) {
                buf[n++] = (byte) s.charAt(i);
            }
        }

        private void prefix(int length) {
            if (length == 0) {
                buf[n++] = '0';
            } else {
                int start = n;
                for (int v = length; v > 0; v /= 10) {
                    buf[n++] = (byte) ('0' + v % 10);
                }
                for (int i = start, j = n - 1; i < j; i++, j--) {
                    byte t = buf[i];
                    buf[i] = buf[j];
                    buf[j] = t;
                }
            }
            buf[n++] = ':';
        }

        private void room(int more) {
            if (n + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }
    }

    static String sha256(String text) {
        return HEX.formatHex(sha256Bytes(text));
    }

    private static byte[] sha256Bytes(String text) {
        MessageDigest md = SHA256.get();
        md.reset();
        return md.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Event read(ResultSet r) throws SQLException {
        return new Event(r.getString(2), r.getLong(1), r.getString(3), Sql.instant(r, 4), r.getString(5),
                r.getString(6), r.getString(7), HEX.formatHex(r.getBytes(8)), HEX.formatHex(r.getBytes(9)));
    }

    @Override
    public Optional<Event> byId(String id) {
        long seq = EventIds.sequenceOf(id);
        if (seq <= 0) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE seq = ?")) {
                p.setLong(1, seq);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        Event e = read(r);
                        return e.id().equals(id) ? Optional.of(e) : Optional.empty();
                    }
                    return Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Event> byDedupeKey(String dedupeKey) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(BY_DEDUPE_KEY)) {
                p.setString(1, dedupeKey);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(read(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Event> query(EventQuery q) {
        int limit = Math.max(1, Math.min(10_000, q.limit()));
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.type() != null) {
            sql.append(" AND type = ?");
            args.add(q.type());
        }
        if (q.since() != null) {
            sql.append(" AND ts >= ?");
            args.add(Sql.timestamp(q.since()));
        }
        sql.append(" ORDER BY seq DESC LIMIT ").append(limit);
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    p.setObject(i + 1, args.get(i));
                }
                List<Event> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(read(r));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long count(String type) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(type == null ? "SELECT COUNT(*) FROM events"
                    : "SELECT COUNT(*) FROM events WHERE type = ?")) {
                if (type != null) {
                    p.setString(1, type);
                }
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    @Override
    public ChainVerification verifyChain() {
        return db.read(c -> {
            try (Statement s = c.createStatement()) {
                s.setFetchSize(1000);
                try (ResultSet r = s.executeQuery("SELECT " + COLUMNS + " FROM events ORDER BY seq")) {
                    String prev = GENESIS;
                    long expected = 1;
                    long checked = 0;
                    while (r.next()) {
                        Event e = read(r);
                        checked++;
                        String problem = null;
                        if (e.sequence() != expected) {
                            problem = "sequence gap: expected " + expected + ", found " + e.sequence();
                        } else if (!e.prevHash().equals(prev)) {
                            problem = "prev_hash does not match the previous event";
                        } else if (!e.hash().equals(chainHash(prev, e.sequence(), e.id(), e.type(), e.ts(), e.source(),
                                e.dedupeKey(), e.payload()))) {
                            problem = "hash does not match content";
                        }
                        if (problem != null) {
                            return new ChainVerification(false, checked, e.sequence(), e.id(), problem);
                        }
                        prev = e.hash();
                        expected++;
                    }
                    return new ChainVerification(true, checked, null, null, null);
                }
            }
        });
    }
}
