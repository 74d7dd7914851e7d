/**
 * Synthesis weights of the six signal domains: the live weights, the weight cycle, operator review, and the swappable {@link learning.api.weights.WeightAdjuster} role.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package learning.api.weights;
