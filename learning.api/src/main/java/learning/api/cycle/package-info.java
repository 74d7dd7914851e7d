/**
 * Learning cycles: each component publishes its cycles; the loop runs them at their cadence or on demand at an explicit instant.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package learning.api.cycle;
