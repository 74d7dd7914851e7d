package learning.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private final HsqlDatabase db;
    /** The committed head; read and written only under the database's write lock. */
    private Head committed;
    /** The head inside the running write transaction, or null. */
    private Head working;

    private record Head(long seq, String hash) {
    }

    /**
     * @param db the database; the {@code events} table is created if missing
     */
    public ChainedEventLog(HsqlDatabase db) {
        this.db = db;
        db.migrate("learning.store.events", List.of(new Migration(1, "event log with dedupe keys and hash chain", List.of(
                "CREATE CACHED TABLE events (seq BIGINT PRIMARY KEY, id VARCHAR(36) NOT NULL UNIQUE,"
                        + " type VARCHAR(128) NOT NULL, ts TIMESTAMP(6) NOT NULL, source VARCHAR(256) NOT NULL,"
                        + " dedupe_key VARCHAR(512), payload_hash CHAR(64) NOT NULL, payload VARCHAR(1048576) NOT NULL,"
                        + " prev_hash CHAR(64) NOT NULL, hash CHAR(64) NOT NULL)",
                "CREATE UNIQUE INDEX events_dedupe ON events (dedupe_key)",
                "CREATE INDEX events_type_seq ON events (type, seq)",
                "CREATE INDEX events_ts ON events (ts)"))));
        this.committed = db.read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")) {
                return r.next() ? new Head(r.getLong(1), r.getString(2)) : new Head(0, GENESIS);
            }
        });
    }

    @Override
    public AppendResult append(NewEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    @Override
    public List<AppendResult> appendAll(List<NewEvent> events) {
        List<Prepared> prepared = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            try {
                prepared.add(prepare(events.get(i)));
            } catch (ValidationException e) {
                throw events.size() == 1 ? e : e.withFieldPrefix("[" + i + "]");
            }
        }
        return db.inTransaction(c -> {
            Head head = head();
            List<AppendResult> results = new ArrayList<>(prepared.size());
            Map<String, Event> batchByKey = new HashMap<>();
            Map<String, String> batchHashByKey = new HashMap<>();
            List<Event> toInsert = new ArrayList<>();
            List<String> payloadHashes = new ArrayList<>();
            try (PreparedStatement find = c.prepareStatement(
                    "SELECT " + COLUMNS + ", payload_hash FROM events WHERE dedupe_key = ?")) {
                for (Prepared p : prepared) {
                    NewEvent e = p.event;
                    if (e.dedupeKey() != null) {
                        Event inBatch = batchByKey.get(e.dedupeKey());
                        if (inBatch != null) {
                            requireSame(e, p.payloadHash, inBatch, batchHashByKey.get(e.dedupeKey()));
                            results.add(new AppendResult(inBatch, false));
                            continue;
                        }
                        find.setString(1, e.dedupeKey());
                        try (ResultSet r = find.executeQuery()) {
                            if (r.next()) {
                                Event existing = read(r);
                                requireSame(e, p.payloadHash, existing, r.getString(10));
                                results.add(new AppendResult(existing, false));
                                continue;
                            }
                        }
                    }
                    long seq = head.seq + 1;
                    String id = UUID.randomUUID().toString();
                    String hash = chainHash(head.hash, seq, id, e.type(), p.ts, e.source(), e.dedupeKey(), p.payload);
                    Event stored = new Event(id, seq, e.type(), p.ts, e.source(), e.dedupeKey(), p.payload, head.hash, hash);
                    head = new Head(seq, hash);
                    toInsert.add(stored);
                    payloadHashes.add(p.payloadHash);
                    if (e.dedupeKey() != null) {
                        batchByKey.put(e.dedupeKey(), stored);
                        batchHashByKey.put(e.dedupeKey(), p.payloadHash);
                    }
                    results.add(new AppendResult(stored, true));
                }
            }
            insert(c, toInsert, payloadHashes);
            advance(head);
            return results;
        });
    }

    private record Prepared(NewEvent event, Instant ts, String payload, String payloadHash) {
    }

    private static Prepared prepare(NewEvent e) {
        if (e.type().isBlank() || e.type().length() > 128) {
            throw new ValidationException("type", "event type must be 1 to 128 characters");
        }
        if (e.source().isBlank() || e.source().length() > 256) {
            throw new ValidationException("source", "event source must be 1 to 256 characters");
        }
        if (e.dedupeKey() != null && (e.dedupeKey().isEmpty() || e.dedupeKey().length() > MAX_DEDUPE_KEY)) {
            throw new ValidationException("dedupe_key", "dedupe key must be 1 to " + MAX_DEDUPE_KEY + " characters");
        }
        String payload = Json.canonical(e.payload());
        return new Prepared(e, e.ts().truncatedTo(ChronoUnit.MICROS), payload, sha256(e.type() + "\n" + payload));
    }

    private static void requireSame(NewEvent e, String payloadHash, Event existing, String existingHash) {
        if (!existing.type().equals(e.type()) || !existingHash.equals(payloadHash)) {
            throw new ConflictException("dedupe_key", "dedupe key '" + e.dedupeKey()
                    + "' is already stored with a different payload (event " + existing.id() + "); the original stays");
        }
    }

    private Head head() {
        return working != null ? working : committed;
    }

    /** Records the new head for this transaction; it becomes the committed head only on commit. */
    private void advance(Head head) {
        if (head.equals(head())) {
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

    private static void insert(Connection c, List<Event> events, List<String> payloadHashes) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO events (" + COLUMNS
                + ", payload_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                p.setLong(1, e.sequence());
                p.setString(2, e.id());
                p.setString(3, e.type());
                p.setObject(4, Sql.timestamp(e.ts()));
                p.setString(5, e.source());
                p.setString(6, e.dedupeKey());
                p.setString(7, e.payload());
                p.setString(8, e.prevHash());
                p.setString(9, e.hash());
                p.setString(10, payloadHashes.get(i));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    static String chainHash(String prevHash, long seq, String id, String type, Instant ts, String source,
            String dedupeKey, String payload) {
        MessageDigest md = SHA256.get();
        md.reset();
        // Length-prefixed fields: no choice of separator can make two different events hash alike.
        for (String f : new String[] {prevHash, Long.toString(seq), id, type, ts.toString(), source,
                dedupeKey == null ? "\u0000" : dedupeKey, payload}) {
            byte[] b = f.getBytes(StandardCharsets.UTF_8);
            md.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            md.update(b);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(String text) {
        MessageDigest md = SHA256.get();
        md.reset();
        return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Event read(ResultSet r) throws SQLException {
        return new Event(r.getString(2), r.getLong(1), r.getString(3), Sql.instant(r, 4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8), r.getString(9));
    }

    @Override
    public Optional<Event> byId(String id) {
        return one("SELECT " + COLUMNS + " FROM events WHERE id = ?", id);
    }

    @Override
    public Optional<Event> byDedupeKey(String dedupeKey) {
        return one("SELECT " + COLUMNS + " FROM events WHERE dedupe_key = ?", dedupeKey);
    }

    private Optional<Event> one(String sql, String arg) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, arg);
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
