/**
 * Corpus feedback: skill files and their lifecycle (pending, active, archived), and pattern outcomes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package learning.api.corpus;
