/**
 * Shared vocabulary of the learning engine: service property names, component property types and the exceptions every service uses to report bad input, conflicts and unknown ids.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package learning.api;
