package learning.store.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import javax.management.JMException;
import javax.management.ObjectName;

import learning.api.store.LearningDatabase;
import learning.api.store.Migration;
import learning.api.store.SqlWork;
import learning.api.store.StoreException;

import org.hsqldb.jdbc.JDBCDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HSQLDB behind a small fixed pool. A transaction is bound to its thread, so the event log, the
 * ledger and nested calls join it. Write transactions take one engine-wide lock: HSQLDB serializes
 * writers anyway, and one writer at a time keeps the hash chain linear without deadlocks between
 * the chain and row locks.
 */
public class HsqlDatabase implements LearningDatabase, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HsqlDatabase.class);
    private static final int POOL_SIZE = 8;
    private static final String FILE_PREFIX = "jdbc:hsqldb:file:";
    /** How long no write must have ended before a checkpoint of the redo log may run. */
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String url;
    private final JDBCDataSource source;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(POOL_SIZE);
    private final List<Connection> all = new ArrayList<>();
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    /** Prepared statements kept open per pooled connection; a connection serves one thread at a time. */
    private final Map<Connection, Map<String, PreparedStatement>> statements = new ConcurrentHashMap<>();
    private volatile boolean open = true;
    /** When the last write transaction ended ({@link System#nanoTime()}). */
    private volatile long lastWriteEnd = System.nanoTime();
    /** Read-only work running now, outside any write transaction. */
    private final AtomicInteger reading = new AtomicInteger();
    /** A file database's redo log, and the size from which a quiet moment checkpoints it; null in memory. */
    private final Path redoLog;
    private final long idleCheckpointBytes;
    /** Runs {@link #checkpointIfIdle} every second for a file database; null in memory. */
    private final ScheduledExecutorService idleCheckpoints;

    /** The transaction bound to a thread, with the work to run when it ends. */
    static final class Tx {
        final Connection connection;
        final boolean writing;
        final List<Runnable> afterCommit = new ArrayList<>();
        final List<Runnable> afterRollback = new ArrayList<>();

        Tx(Connection connection, boolean writing) {
            this.connection = connection;
            this.writing = writing;
        }
    }

    /**
     * Opens the database and the pool.
     *
     * @param url a JDBC URL: {@code jdbc:hsqldb:file:/abs/path} or {@code jdbc:hsqldb:mem:name}
     * @param user the user, normally {@code SA}
     * @param password the password, normally empty
     */
    public HsqlDatabase(String url, String user, String password) {
        this.url = url;
        this.source = new JDBCDataSource();
        source.setUrl(withDefaults(url));
        source.setUser(user);
        source.setPassword(password);
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                Connection c = source.getConnection();
                all.add(c);
                idle.add(c);
            }
            useNoPadCollation();
            applyFileSettings();
        } catch (SQLException e) {
            closeQuietly();
            throw new StoreException("cannot open the database at " + url + ": " + e.getMessage(), e);
        }
        if (url.startsWith(FILE_PREFIX)) {
            redoLog = Path.of(url.substring(FILE_PREFIX.length()).split(";", 2)[0] + ".log");
            long logMib = urlSetting(url, "hsqldb.log_size", LOG_SIZE_MIB);
            idleCheckpointBytes = (logMib > 0 ? logMib : LOG_SIZE_MIB) * 1024 * 1024 / 4;
            idleCheckpoints = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "learning-store-idle-checkpoint");
                t.setDaemon(true);
                return t;
            });
            idleCheckpoints.scheduleWithFixedDelay(this::checkpointWhenQuiet, 1, 1, TimeUnit.SECONDS);
        } else {
            redoLog = null;
            idleCheckpointBytes = 0;
            idleCheckpoints = null;
        }
        LOG.info("database open: {}", url);
    }

    private void checkpointWhenQuiet() {
        try {
            checkpointIfIdle(QUIET_NANOS);
        } catch (RuntimeException | Error e) {
            LOG.warn("idle checkpoint failed", e);
        }
    }

    /**
     * Checkpoints a file database while nobody uses it. HSQLDB checkpoints by itself only when the
     * redo log reaches its size ({@value #LOG_SIZE_MIB} MiB), inside whichever write crossed it, and
     * every reader and writer waits while the changed rows go into the data file (2 to 3 s for a full
     * log on the project's machine: a stalled ingest request). Once the log holds a quarter of its
     * size, no write has ended for {@code quietNanos} and nothing is read or written, this runs the
     * checkpoint then instead, so the next burst of writes starts on a short log. It never waits for
     * the write lock: a writer that comes first wins and the checkpoint waits for the next quiet moment.
     *
     * @param quietNanos how long no write must have ended
     * @return whether it checkpointed
     */
    boolean checkpointIfIdle(long quietNanos) {
        if (redoLog == null || !open || reading.get() > 0 || System.nanoTime() - lastWriteEnd < quietNanos) {
            return false;
        }
        long bytes;
        try {
            bytes = Files.size(redoLog);
        } catch (IOException e) {
            return false; // no log yet
        }
        if (bytes < idleCheckpointBytes || !writeLock.tryLock()) {
            return false;
        }
        Connection c = null;
        try {
            if (!open) {
                return false;
            }
            c = borrow();
            long t0 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
            LOG.info("checkpoint while idle: {} MiB of redo log written into the data file in {} ms",
                    String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024)),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return true;
        } catch (SQLException e) {
            LOG.warn("idle checkpoint failed: {}", e.getMessage());
            return false;
        } finally {
            giveBack(c);
            writeLock.unlock();
        }
    }

    /**
     * Compares strings without padding them with spaces. HSQLDB's default (PAD SPACE) pads the
     * shorter key on every index comparison, which dominated the cost of ingesting events. The
     * collation can only be chosen while the database has no tables, so it is set at creation.
     */
    private void useNoPadCollation() throws SQLException {
        Connection c = borrow();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            r.next();
            if (r.getLong(1) == 0) {
                s.execute("SET DATABASE COLLATION SQL_TEXT NO PAD");
            }
        } finally {
            giveBack(c);
        }
    }

    /**
     * Gives a file database its file settings (see {@link #fileSettings}). HSQLDB keeps them in the
     * database's files and ignores URL properties for a database that exists, so they are set here
     * on every start: a database created by an earlier release gets the engine's settings, and a
     * setting named in the URL takes effect on an existing database too. A changed cache size takes
     * effect at the next start.
     */
    private void applyFileSettings() throws SQLException {
        List<String> settings = fileSettings(url, Runtime.getRuntime().maxMemory(), physicalMemory());
        if (settings.isEmpty()) {
            return;
        }
        Connection c = borrow();
        try (Statement s = c.createStatement()) {
            for (String setting : settings) {
                s.execute(setting);
            }
        } finally {
            giveBack(c);
        }
    }

    /**
     * The settings of a file database as {@code SET FILES} statements: the URL's value where it names
     * one, otherwise the engine's: a row cache sized to the heap (see {@link #cacheKib}), a data file
     * read through memory mapping up to a size that follows the machine's memory (see
     * {@link #nioMaxMib}) and a checkpoint every {@value #LOG_SIZE_MIB} MiB of redo log.
     *
     * @throws IllegalArgumentException when the URL gives one of them a value that is not a whole number
     */
    static List<String> fileSettings(String url, long maxHeapBytes, long physicalBytes) {
        List<String> out = new ArrayList<>();
        if (!url.startsWith(FILE_PREFIX)) {
            return out;
        }
        long kib = urlSetting(url, "hsqldb.cache_size", cacheKib(maxHeapBytes));
        out.add("SET FILES CACHE SIZE " + kib);
        out.add("SET FILES CACHE ROWS " + urlSetting(url, "hsqldb.cache_rows", cacheRows(kib)));
        out.add("SET FILES NIO SIZE " + urlSetting(url, "hsqldb.nio_max_size", nioMaxMib(physicalBytes)));
        out.add("SET FILES LOG SIZE " + urlSetting(url, "hsqldb.log_size", LOG_SIZE_MIB));
        return out;
    }

    private static long urlSetting(String url, String name, long otherwise) {
        for (String part : url.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String value = part.substring(eq + 1).trim();
                try {
                    return Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("database URL: " + name + " must be a whole number, not '" + value + "'");
                }
            }
        }
        return otherwise;
    }

    /**
     * Adds the settings every engine database needs unless the URL sets them: durable commits
     * (an acknowledged write survives a killed process), cached tables by default, and, for a new
     * file database, the row cache of {@link #fileSettings} from its first start.
     */
    static String withDefaults(String url) {
        StringBuilder b = new StringBuilder(url);
        boolean file = url.startsWith(FILE_PREFIX);
        if (file && !url.contains("hsqldb.write_delay")) {
            b.append(";hsqldb.write_delay=false");
        }
        if (file && !url.contains("hsqldb.cache_size") && !url.contains("hsqldb.cache_rows")) {
            long kib = cacheKib(Runtime.getRuntime().maxMemory());
            b.append(";hsqldb.cache_size=").append(kib).append(";hsqldb.cache_rows=").append(cacheRows(kib));
        }
        if (!url.contains("hsqldb.default_table_type")) {
            b.append(";hsqldb.default_table_type=cached");
        }
        if (!url.contains("hsqldb.tx")) {
            b.append(";hsqldb.tx=mvcc");
        }
        return b.toString();
    }

    /**
     * The row cache of cached tables, in KiB of stored row size: a fifth of the heap, between
     * HSQLDB's default (10 MiB) and 1 GiB. Rows evicted from a smaller cache were read back from the
     * data file and written to it again at every checkpoint while a sweep, an ingest or the resolver
     * still used them. Tables still grow past the cache: it bounds memory, not the data.
     */
    static long cacheKib(long maxHeapBytes) {
        return Math.max(10_000L, Math.min(1024L * 1024, maxHeapBytes / 5 / 1024));
    }

    /** @return the cache's row limit for a cache of {@code kib} KiB: index-heavy rows of the ledger take 250 bytes or more */
    static long cacheRows(long kib) {
        return Math.max(50_000L, Math.min(4_000_000L, kib * 1024 / 250));
    }

    /**
     * Redo log size (MiB) that starts a checkpoint. A checkpoint writes every changed cached row and
     * holds the database while it does (2 to 3 s each in the resolver benchmark); HSQLDB's default
     * of 50 MiB made a sweep of 100,000 positions stop for many of them. A larger log costs a longer
     * replay at the start after a killed process, never data: about 10 MiB/s on the project's
     * machine, so up to some 13 s here. 256 MiB saved little more (one run of the attribution
     * benchmark: 28.7 s against 31.1 s) and would double that.
     */
    static final int LOG_SIZE_MIB = 128;

    /**
     * How large (MiB) the data file may grow and still be read through a memory mapping: a quarter
     * of the machine's memory, between HSQLDB's default (256) and 16 GiB. Beyond it HSQLDB reads
     * every row it does not cache with a seek and a read call; with the default, a database of a
     * year of a busy engine's history spent a third of a sweep's time in those calls.
     */
    static long nioMaxMib(long physicalBytes) {
        return Math.max(256L, Math.min(16L * 1024, physicalBytes / 4 / (1024 * 1024)));
    }

    /** @return the machine's memory in bytes, or 0 where the JVM does not tell (through JMX, no com.sun import) */
    private static long physicalMemory() {
        try {
            Object total = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "TotalMemorySize");
            return total instanceof Number n ? n.longValue() : 0;
        } catch (JMException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public boolean isHealthy() {
        if (!open) {
            return false;
        }
        try {
            return read(c -> {
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("VALUES 1")) {
                    return r.next();
                }
            });
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        Tx tx = current.get();
        if (tx != null) {
            if (!tx.writing) {
                throw new IllegalStateException("a write inside read-only work");
            }
            return runJoined(tx, work);
        }
        lockForWrite();
        Connection c = null;
        try {
            c = borrow();
            c.setAutoCommit(false);
            tx = new Tx(c, true);
            current.set(tx);
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c);
                tx.afterRollback.forEach(HsqlDatabase::runQuietly);
                throw e;
            }
            tx.afterCommit.forEach(HsqlDatabase::runQuietly);
            return result;
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        } finally {
            current.remove();
            giveBack(c);
            lastWriteEnd = System.nanoTime();
            writeLock.unlock();
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        Tx tx = current.get();
        if (tx != null) {
            return runJoined(tx, work);
        }
        Connection c = null;
        reading.incrementAndGet();
        try {
            c = borrow();
            current.set(new Tx(c, false));
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        } finally {
            current.remove();
            giveBack(c);
            reading.decrementAndGet();
        }
    }

    private static <T> T runJoined(Tx tx, SqlWork<T> work) {
        try {
            return work.run(tx.connection);
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    /**
     * A prepared statement of the connection, compiled once per connection and kept open: the ingest
     * paths run the same few statements thousands of times. The caller must not close it, and gets it
     * with its parameters cleared and no batch pending.
     *
     * @param c a connection of this database's pool, as given to {@link SqlWork}
     * @param sql the statement
     * @return the connection's statement for that text
     * @throws SQLException when the statement does not compile
     */
    PreparedStatement statement(Connection c, String sql) throws SQLException {
        Map<String, PreparedStatement> mine = statements.computeIfAbsent(c, k -> new HashMap<>());
        PreparedStatement p = mine.get(sql);
        if (p == null || p.isClosed()) {
            p = c.prepareStatement(sql);
            mine.put(sql, p);
        } else {
            p.clearParameters();
            p.clearBatch();
        }
        return p;
    }

    /**
     * @return the write transaction of the calling thread
     * @throws IllegalStateException outside a write transaction
     */
    Tx currentWrite() {
        Tx tx = current.get();
        if (tx == null || !tx.writing) {
            throw new IllegalStateException("not inside a write transaction");
        }
        return tx;
    }

    @Override
    public int migrate(String module, List<Migration> migrations) {
        List<Migration> ordered = new ArrayList<>(migrations);
        ordered.sort(Comparator.comparingInt(Migration::version));
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).version() != i + 1) {
                throw new IllegalArgumentException(module + ": migrations must be numbered 1, 2, 3, ... without gaps");
            }
        }
        return inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (module VARCHAR(128) NOT NULL, version INT NOT NULL,"
                        + " description VARCHAR(1024) NOT NULL, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,"
                        + " PRIMARY KEY (module, version))");
            }
            int at = 0;
            try (PreparedStatement p = c.prepareStatement("SELECT MAX(version) FROM schema_version WHERE module = ?")) {
                p.setString(1, module);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        at = r.getInt(1);
                    }
                }
            }
            for (Migration m : ordered) {
                if (m.version() <= at) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (module, version, description) VALUES (?, ?, ?)")) {
                    p.setString(1, module);
                    p.setInt(2, m.version());
                    p.setString(3, m.description());
                    p.executeUpdate();
                }
                LOG.info("schema {} migrated to version {}: {}", module, m.version(), m.description());
                at = m.version();
            }
            return at;
        });
    }

    private void lockForWrite() {
        try {
            if (!writeLock.tryLock(60, TimeUnit.SECONDS)) {
                throw new StoreException("timed out waiting for the write lock", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the write lock", e);
        }
    }

    private Connection borrow() throws SQLException {
        if (!open) {
            throw new SQLException("the database is closed");
        }
        try {
            Connection c = idle.poll(60, TimeUnit.SECONDS);
            if (c == null) {
                throw new SQLException("no database connection free after 60 s");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", e);
        }
    }

    private void giveBack(Connection c) {
        if (c == null) {
            return;
        }
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            idle.add(c);
        } catch (SQLException e) {
            LOG.warn("dropping a broken connection: {}", e.getMessage());
            replace(c);
        }
    }

    private void replace(Connection broken) {
        synchronized (all) {
            all.remove(broken);
            statements.remove(broken);
            try {
                Connection fresh = source.getConnection();
                all.add(fresh);
                idle.add(fresh);
            } catch (SQLException e) {
                LOG.error("cannot open a replacement connection: {}", e.getMessage());
            }
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
        }
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("after-transaction action failed", e);
        }
    }

    /** Waits for running transactions, then shuts the database down cleanly. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        if (idleCheckpoints != null) {
            // No interrupt: HSQLDB's file channels close when a thread is interrupted inside them.
            idleCheckpoints.shutdown();
            try {
                idleCheckpoints.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean locked = false;
        try {
            locked = writeLock.tryLock(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            open = false;
            try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.warn("database shutdown: {}", e.getMessage());
            }
            closeQuietly();
            LOG.info("database closed: {}", url);
        } finally {
            if (locked) {
                writeLock.unlock();
            }
        }
    }

    private void closeQuietly() {
        synchronized (all) {
            for (Connection c : all) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            all.clear();
            idle.clear();
            statements.clear();
        }
    }
}
