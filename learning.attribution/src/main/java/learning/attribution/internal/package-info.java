/**
 * Outcome attribution: links each closed position to the conviction that opened it, records the
 * conviction's outcome and emits {@code learning.outcome.v1}. Private to this bundle.
 */
package learning.attribution.internal;
