package learning.weights.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import learning.api.LearningImplementation;
import learning.api.weights.Domain;
import learning.api.weights.WeightAdjuster;
import learning.api.weights.WeightProposal;
import learning.api.weights.WeightWindow;
import learning.api.weights.WindowPosition;

import org.osgi.service.component.annotations.Component;

/**
 * The seed's rule: per domain, the Pearson correlation r of the domain's score at entry with the
 * outcome y (+1 for pnl > 0, else -1) over the window; the domain's weight moves by r * max delta.
 * A domain with fewer than 10 samples, or a constant series, has r = 0 (no change).
 */
@Component(service = WeightAdjuster.class, property = "service.ranking:Integer=0")
@LearningImplementation(CorrelationAdjuster.NAME)
public class CorrelationAdjuster implements WeightAdjuster {
    /** The implementation's name, for {@code adjuster.target}. */
    public static final String NAME = "correlation";
    /** Fewer samples than this give r = 0: {@code max(5, 20 / 2)} in the reference. */
    static final int MIN_DOMAIN_SAMPLES = 10;

    @Override
    public WeightProposal propose(WeightWindow window) {
        Map<Domain, List<double[]>> samples = new EnumMap<>(Domain.class);
        for (Domain d : Domain.values()) {
            samples.put(d, new ArrayList<>());
        }
        for (WindowPosition p : window.positions()) {
            double y = p.realizedPnl() > 0 ? 1.0 : -1.0;
            for (Map.Entry<Domain, Double> e : p.domainScores().entrySet()) {
                samples.get(e.getKey()).add(new double[] {e.getValue(), y});
            }
        }
        Map<Domain, Double> weights = new EnumMap<>(Domain.class);
        Map<String, Double> rationale = new LinkedHashMap<>();
        for (Domain d : Domain.values()) {
            List<double[]> s = samples.get(d);
            double r = s.size() < MIN_DOMAIN_SAMPLES ? 0.0 : pearson(s);
            rationale.put("r." + d.wireName(), r);
            rationale.put("n." + d.wireName(), (double) s.size());
            weights.put(d, window.previous().get(d) + r * window.maxDelta());
        }
        return new WeightProposal(weights, rationale);
    }

    /** Pearson's r; 0 for fewer than 2 points or when either series is constant (never NaN). */
    static double pearson(List<double[]> xy) {
        int n = xy.size();
        if (n < 2) {
            return 0.0;
        }
        double mx = 0;
        double my = 0;
        for (double[] p : xy) {
            mx += p[0];
            my += p[1];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : xy) {
            double dx = p[0] - mx;
            double dy = p[1] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        double den = Math.sqrt(sxx) * Math.sqrt(syy);
        if (!(den > 0)) {
            return 0.0;
        }
        return Math.max(-1.0, Math.min(1.0, sxy / den));
    }
}
