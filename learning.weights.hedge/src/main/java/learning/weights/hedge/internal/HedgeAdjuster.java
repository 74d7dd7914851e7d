package learning.weights.hedge.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import learning.api.LearningImplementation;
import learning.api.weights.Domain;
import learning.api.weights.WeightAdjuster;
import learning.api.weights.WeightProposal;
import learning.api.weights.WeightWindow;
import learning.api.weights.WindowPosition;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Exponentiated-gradient (Hedge) weights with fixed-share mixing toward the preset. Each domain
 * earns the mean reward {@code y * (2 * score - 1)} over the window (y = +1 for a win, -1 for a
 * loss): a domain that scored high before wins and low before losses earns close to 1. The weights
 * become {@code w * exp(eta * reward)}, renormalised, then mixed {@code (1 - alpha) * w + alpha * preset}
 * so no domain is starved and the weights drift back to the preset under noise. The weight service
 * then applies the same max-delta clamp and bounds as for every adjuster.
 *
 * <p>Installed with a ranking above the default adjuster's (0), so installing this bundle makes it
 * the live adjuster; uninstalling it falls back.
 */
@Component(service = WeightAdjuster.class, configurationPid = HedgeAdjuster.PID, property = "service.ranking:Integer=10")
@Designate(ocd = HedgeAdjuster.Config.class)
@LearningImplementation(HedgeAdjuster.NAME)
public class HedgeAdjuster implements WeightAdjuster {
    /** The implementation's name, for {@code adjuster.target}. */
    public static final String NAME = "hedge";
    static final String PID = "learning.weights.hedge";

    /** The learning rate and the share mixed back toward the preset. */
    @ObjectClassDefinition(name = "Hedge weight adjuster")
    public @interface Config {
        /** @return the learning rate */
        @AttributeDefinition(name = "Learning rate (eta)", description = "Larger moves faster; at least 0")
        double eta() default 1.0;

        /** @return the fixed share */
        @AttributeDefinition(name = "Fixed share (alpha)", description = "Share mixed toward the preset each cycle, in [0, 1]")
        double alpha() default 0.1;

        /** @return the fewest samples a domain needs */
        @AttributeDefinition(name = "Minimum samples per domain")
        int min_samples() default 10;
    }

    private volatile double eta = 1.0;
    private volatile double alpha = 0.1;
    private volatile int minSamples = 10;

    /** Default settings, for tests and plain use. */
    public HedgeAdjuster() {
    }

    /**
     * @param config the settings
     */
    @Activate
    public HedgeAdjuster(Config config) {
        configure(config);
    }

    @Modified
    void configure(Config config) {
        if (!(config.eta() >= 0) || !(config.alpha() >= 0 && config.alpha() <= 1) || config.min_samples() < 1) {
            throw new IllegalArgumentException("hedge: eta must be >= 0, alpha in [0, 1], min.samples >= 1");
        }
        eta = config.eta();
        alpha = config.alpha();
        minSamples = config.min_samples();
    }

    @Override
    public WeightProposal propose(WeightWindow window) {
        Map<Domain, double[]> sums = new EnumMap<>(Domain.class);
        for (Domain d : Domain.values()) {
            sums.put(d, new double[2]);
        }
        for (WindowPosition p : window.positions()) {
            double y = p.realizedPnl() > 0 ? 1.0 : -1.0;
            for (Map.Entry<Domain, Double> e : p.domainScores().entrySet()) {
                double[] s = sums.get(e.getKey());
                double score = Math.max(0, Math.min(1, e.getValue()));
                s[0] += y * (2 * score - 1);
                s[1] += 1;
            }
        }
        Map<Domain, Double> grown = new EnumMap<>(Domain.class);
        Map<String, Double> rationale = new LinkedHashMap<>();
        double total = 0;
        for (Domain d : Domain.values()) {
            double[] s = sums.get(d);
            double reward = s[1] < minSamples ? 0 : s[0] / s[1];
            rationale.put("reward." + d.wireName(), reward);
            double w = window.previous().get(d) * Math.exp(eta * reward);
            grown.put(d, w);
            total += w;
        }
        Map<Domain, Double> mixed = new EnumMap<>(Domain.class);
        for (Domain d : Domain.values()) {
            mixed.put(d, (1 - alpha) * grown.get(d) / total + alpha * window.preset().get(d));
        }
        return new WeightProposal(mixed, rationale);
    }
}
