/**
 * The database every learning bundle shares: transactions and versioned schema migrations that each bundle contributes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package learning.api.store;
