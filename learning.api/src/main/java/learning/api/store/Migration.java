package learning.api.store;

import java.util.List;

/**
 * One versioned step of a bundle's schema. Steps are applied once, in version order, each in its
 * own transaction, and recorded in {@code schema_version(module, version)}.
 *
 * @param version the step's version, 1 for the first, increasing without gaps
 * @param description what the step does, for the log and {@code schema_version}
 * @param statements the SQL statements (HSQLDB dialect), run in order; tables that grow with
 *        history must be {@code CREATE CACHED TABLE} so they need not fit in memory
 */
public record Migration(int version, String description, List<String> statements) {
}
