package learning.api.weights;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The preset domain weights of the original system; each sums to 1. */
public enum WeightPreset {
    /** curator 0.25, onchain 0.25, tradfi 0.20, social 0.15, technical 0.10, events 0.05. */
    BALANCED(0.25, 0.25, 0.20, 0.15, 0.10, 0.05),
    /** curator 0.30, onchain 0.25, tradfi 0.20, social 0.10, technical 0.10, events 0.05. */
    CONSERVATIVE(0.30, 0.25, 0.20, 0.10, 0.10, 0.05),
    /** curator 0.20, onchain 0.25, tradfi 0.15, social 0.20, technical 0.15, events 0.05. */
    DEGEN(0.20, 0.25, 0.15, 0.20, 0.15, 0.05);

    private final Map<Domain, Double> weights;

    WeightPreset(double curator, double onchain, double tradfi, double social, double technical, double events) {
        EnumMap<Domain, Double> w = new EnumMap<>(Domain.class);
        w.put(Domain.CURATOR, curator);
        w.put(Domain.ONCHAIN, onchain);
        w.put(Domain.TRADFI, tradfi);
        w.put(Domain.SOCIAL, social);
        w.put(Domain.TECHNICAL, technical);
        w.put(Domain.EVENTS, events);
        this.weights = Collections.unmodifiableMap(w);
    }

    /** @return the preset's weight per domain, in domain order */
    public Map<Domain, Double> weights() {
        return weights;
    }

    /** @return the wire name, lower case */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
