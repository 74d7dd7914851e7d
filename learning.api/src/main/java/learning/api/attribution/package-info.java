/**
 * Outcome attribution: links a closed position to the conviction that opened it and emits {@code learning.outcome.v1}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package learning.api.attribution;
