package learning.forecast.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import learning.api.LearningCycleName;
import learning.api.ServiceProperties;
import learning.api.cycle.CycleNames;
import learning.api.cycle.LearningCycle;
import learning.api.forecast.OutcomeResolver;
import learning.api.forecast.ResolutionRun;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code resolve} cycle. It runs whichever {@link OutcomeResolver} is live: the best-ranked
 * one, or the one {@code resolver.target} names. The reference is dynamic and greedy, so a
 * resolver installed with a higher ranking serves the next run without a restart.
 */
@Component(service = LearningCycle.class, immediate = true, configurationPid = ResolveCycle.PID)
@Designate(ocd = ResolveCycle.Config.class)
@LearningCycleName(CycleNames.RESOLVE)
public class ResolveCycle implements LearningCycle {
    static final String PID = "learning.forecast.resolve";

    /** Which resolver the cycle runs. */
    @ObjectClassDefinition(name = "Learning engine resolve cycle",
            description = "Chooses the outcome resolver the resolve cycle runs.")
    public @interface Config {
        /** @return the live resolver's filter */
        @AttributeDefinition(name = "Resolver target", description = "LDAP filter choosing the live resolver, for"
                + " example (learning.implementation=default). Default: the best-ranked one.")
        String resolver_target() default "(objectClass=*)";
    }

    @Reference(name = "resolver", service = OutcomeResolver.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Map.Entry<Map<String, Object>, OutcomeResolver> resolver;

    @Override
    public Map<String, Object> run(Instant asOf) {
        Map.Entry<Map<String, Object>, OutcomeResolver> live = resolver;
        if (live == null) {
            throw new IllegalStateException("no OutcomeResolver is available");
        }
        ResolutionRun r = live.getValue().resolveDue(asOf);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("resolved", r.resolved());
        counts.put("missing_price", r.missingPrice());
        counts.put("unresolvable", r.unresolvable());
        Object name = live.getKey().get(ServiceProperties.IMPLEMENTATION);
        counts.put("implementation", name == null ? String.valueOf(live.getKey().get("component.name")) : name.toString());
        return counts;
    }
}
