package learning.api.store;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The shared database (HSQLDB: files under {@code <home>/data} by default, in-memory for tests).
 * Bundles create their tables through {@link #migrate(String, List)} and read and write them
 * through transactions. A transaction is bound to the calling thread: the event log, the ledger and
 * any nested {@code inTransaction} call made during it join it.
 */
@ProviderType
public interface LearningDatabase {
    /**
     * Runs work in a transaction: committed when the work returns, rolled back when it throws.
     * Joins the calling thread's transaction when there is one. Write transactions are serialized
     * (one at a time in the engine), which keeps the event log's hash chain linear; keep them short.
     *
     * @param <T> the result type
     * @param work the work
     * @return the work's result
     * @throws learning.api.store.StoreException wrapping an {@link java.sql.SQLException};
     *         runtime exceptions of the work pass through unchanged
     */
    <T> T inTransaction(SqlWork<T> work);

    /**
     * Runs read-only work on a connection without taking the write lock. Joins the calling
     * thread's transaction when there is one, so the work sees that transaction's writes.
     *
     * @param <T> the result type
     * @param work the work; it must not write
     * @return the work's result
     * @throws learning.api.store.StoreException wrapping an {@link java.sql.SQLException}
     */
    <T> T read(SqlWork<T> work);

    /**
     * Applies a bundle's schema steps that are not applied yet, in version order. Safe to call
     * at every activation and from several bundles at once.
     *
     * @param module the contributing module, for example {@code "learning.weights"}
     * @param migrations its steps
     * @return the version the module's schema is at afterwards
     */
    int migrate(String module, List<Migration> migrations);

    /** @return the JDBC URL, without credentials */
    String url();

    /** @return true while the database is open and answers a trivial query */
    boolean isHealthy();
}
