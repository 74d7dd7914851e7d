/**
 * The append-only, hash-chained event log: event records, event type names and the log service.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package learning.api.event;
