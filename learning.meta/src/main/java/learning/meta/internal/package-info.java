/**
 * The default meta-producer: an incrementally kept episode index over resolved outcomes, the
 * activation gate, pattern matching with back-off, shadow and live modes, and the {@code meta}
 * cycle. Private to this bundle: other bundles reach it only through the API services.
 */
package learning.meta.internal;
