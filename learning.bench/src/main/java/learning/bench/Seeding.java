package learning.bench;

import java.sql.Statement;

import learning.store.internal.Store;

/** Set-up helpers: benchmark data is written with delayed log syncs, the measured work without. */
final class Seeding {
    private Seeding() {
    }

    /**
     * @param store a file store
     * @param fast true: sync the log only every second (set-up); false: sync at every commit, the
     *        store's durable default, before anything is measured
     */
    static void fast(Store store, boolean fast) {
        if (!store.database().url().startsWith("jdbc:hsqldb:file:")) {
            return;
        }
        store.database().inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(fast ? "SET FILES WRITE DELAY 1" : "SET FILES WRITE DELAY FALSE");
            }
            return null;
        });
    }
}
