/** The Hedge weight adjuster. Private to this bundle. */
package learning.weights.hedge.internal;
