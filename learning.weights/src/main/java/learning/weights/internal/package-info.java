/**
 * The weight service, its cycle and review actions, the overlay file and the default correlation
 * adjuster. Private to this bundle.
 */
package learning.weights.internal;
