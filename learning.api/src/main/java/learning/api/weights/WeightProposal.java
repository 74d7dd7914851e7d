package learning.api.weights;

import java.util.Map;

/**
 * An adjuster's proposal. The weight service clamps each change to the cycle's max delta and then
 * applies the [0.05, 0.40] bounds with an exact sum of 1, so a proposal need not respect them.
 *
 * @param weights proposed weight per domain (every domain present, finite)
 * @param rationale a short explanation per domain or for the whole, for the history (for example
 *        the correlations), may be empty
 */
public record WeightProposal(Map<Domain, Double> weights, Map<String, Double> rationale) {
}
