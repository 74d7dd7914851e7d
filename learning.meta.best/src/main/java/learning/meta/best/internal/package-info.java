/**
 * A second meta-producer: trusts the producer of the current state with the best Wilson lower
 * bound. Private to this bundle.
 */
package learning.meta.best.internal;
