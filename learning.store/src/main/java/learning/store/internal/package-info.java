/**
 * The HSQLDB store: connection pool and transactions, per-bundle schema migrations, the
 * hash-chained event log and the input ledger. Private to this bundle.
 */
package learning.store.internal;
