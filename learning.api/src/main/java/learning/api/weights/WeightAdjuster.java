package learning.api.weights;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The swappable rule that turns a window of outcomes into new domain weights. The default is the
 * seed's correlation rule; a bundle may publish another with a higher {@code service.ranking}, or
 * operators may name one with {@code adjuster.target}. Implementations must be stateless: any state
 * they need comes from the window.
 */
@ConsumerType
public interface WeightAdjuster {
    /**
     * @param window the cycle's inputs
     * @return the proposed weights
     */
    WeightProposal propose(WeightWindow window);
}
