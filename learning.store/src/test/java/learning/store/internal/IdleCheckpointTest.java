package learning.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store checkpoints a file database's redo log while nobody writes, so that a burst of writes
 * does not stop halfway on HSQLDB's own checkpoint. A log of 1 MiB here: the idle checkpoint starts
 * from a quarter of it, below the size at which HSQLDB would checkpoint by itself.
 */
class IdleCheckpointTest {
    private static final int ROWS = 2_000;

    private static String url(Path dir) {
        return "jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning") + ";hsqldb.log_size=1";
    }

    private static Path redoLog(Path dir) {
        return dir.resolve("db").resolve("learning.log");
    }

    private static void createTable(HsqlDatabase db) {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes (id INT PRIMARY KEY, text VARCHAR(1000) NOT NULL)");
            }
            return null;
        });
    }

    /** {@value #ROWS} rows from id {@code from}: about 400 KiB of redo log, more than a quarter of 1 MiB. */
    private static void writeRows(HsqlDatabase db, int from) {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO notes VALUES (?, ?)")) {
                for (int i = from; i < from + ROWS; i++) {
                    p.setInt(1, i);
                    p.setString(2, ("note " + i + " ").repeat(20));
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    private static int count(HsqlDatabase db) {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM notes")) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    @Test
    void aQuietDatabaseIsCheckpointedAndKeepsEveryRow(@TempDir Path dir) throws Exception {
        try (HsqlDatabase db = new HsqlDatabase(url(dir), "SA", "")) {
            createTable(db);
            writeRows(db, 0);
            long before = Files.size(redoLog(dir));
            assertTrue(before > 256 * 1024 && before < 1024 * 1024, "redo log of " + before + " bytes");
            // Within the quiet time after the write nothing happens...
            assertFalse(db.checkpointIfIdle(TimeUnit.HOURS.toNanos(1)));
            assertEquals(before, Files.size(redoLog(dir)));
            // ...after it the scheduled check empties the log into the data file.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Files.exists(redoLog(dir)) && Files.size(redoLog(dir)) >= before && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long after = Files.exists(redoLog(dir)) ? Files.size(redoLog(dir)) : 0;
            assertTrue(after < 16 * 1024, "redo log still " + after + " bytes 30 s after the last write");
            assertEquals(ROWS, count(db));
        }
        // Nothing lost: the rows come back from the data file alone.
        try (HsqlDatabase reopened = new HsqlDatabase(url(dir), "SA", "")) {
            assertEquals(ROWS, count(reopened));
        }
    }

    @Test
    void aShortLogOrAReadInProgressIsLeftAlone(@TempDir Path dir) throws Exception {
        try (HsqlDatabase db = new HsqlDatabase(url(dir), "SA", "")) {
            createTable(db);
            assertFalse(db.checkpointIfIdle(0), "a log far below a quarter of its size is not worth a checkpoint");

            writeRows(db, 0);
            CountDownLatch reading = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread reader = new Thread(() -> db.read(c -> {
                reading.countDown();
                try {
                    done.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            reader.start();
            assertTrue(reading.await(10, TimeUnit.SECONDS));
            assertFalse(db.checkpointIfIdle(0), "no checkpoint while a read is running");
            done.countDown();
            reader.join(10_000);
            assertTrue(db.checkpointIfIdle(0), "checkpointed once the read ended");
        }
    }
}
