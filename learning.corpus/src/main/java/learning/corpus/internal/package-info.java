/**
 * Corpus feedback: skill scores moved by trade outcomes, the skill lifecycle (pending, active,
 * archived) and pattern outcomes. Private to this bundle.
 */
package learning.corpus.internal;
