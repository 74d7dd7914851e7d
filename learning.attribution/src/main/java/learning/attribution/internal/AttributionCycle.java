package learning.attribution.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import learning.api.LearningCycleName;
import learning.api.attribution.AttributionSweep;
import learning.api.attribution.OutcomeAttributor;
import learning.api.cycle.CycleNames;
import learning.api.cycle.LearningCycle;

/**
 * The daily attribution sweep as the {@code attribution} cycle: catches positions closed without
 * the close call (or whose close-time attribution failed). It talks to whichever
 * {@link OutcomeAttributor} is registered, not to this bundle's class.
 */
@Component(service = LearningCycle.class, immediate = true)
@LearningCycleName(CycleNames.ATTRIBUTION)
public class AttributionCycle implements LearningCycle {
    private final OutcomeAttributor attributor;

    /**
     * @param attributor the attributor to sweep with
     */
    @Activate
    public AttributionCycle(@Reference OutcomeAttributor attributor) {
        this.attributor = attributor;
    }

    /**
     * @return {@code attributed}, {@code gaps} (new this run), {@code gap_position_ids} (at most
     *         100) and {@code gaps_total}
     */
    @Override
    public Map<String, Object> run(Instant asOf) {
        AttributionSweep s = attributor.sweep(asOf);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("attributed", s.attributed());
        counts.put("gaps", s.gaps());
        counts.put("gap_position_ids", s.gapPositionIds());
        counts.put("gaps_total", attributor.gapCount());
        return counts;
    }
}
