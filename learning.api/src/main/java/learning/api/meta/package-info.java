/**
 * The meta-producer role: learns which ensembles of producer calls were right, in shadow mode until an operator switches it live.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package learning.api.meta;
