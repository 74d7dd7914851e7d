package learning.store.internal;

/**
 * The database, the event log and the ledger wired together without a framework, for tests,
 * benchmarks and tools. In the engine the DS components do the same wiring.
 */
public final class Store implements AutoCloseable {
    private final HsqlDatabase database;
    private final ChainedEventLog events;
    private final SqlInputLedger ledger;

    private Store(HsqlDatabase database) {
        this.database = database;
        this.events = new ChainedEventLog(database);
        this.ledger = new SqlInputLedger(database, events);
    }

    /**
     * @param url a JDBC URL, for example {@code jdbc:hsqldb:mem:test1} or {@code jdbc:hsqldb:file:/abs/path}
     * @return an open store
     */
    public static Store open(String url) {
        return new Store(new HsqlDatabase(url, "SA", ""));
    }

    /** @return the database */
    public HsqlDatabase database() {
        return database;
    }

    /** @return the event log */
    public ChainedEventLog events() {
        return events;
    }

    /** @return the input ledger */
    public SqlInputLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        database.close();
    }
}
