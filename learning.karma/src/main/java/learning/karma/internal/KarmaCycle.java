package learning.karma.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import learning.api.LearningCycleName;
import learning.api.cycle.CycleNames;
import learning.api.cycle.LearningCycle;
import learning.api.karma.KarmaService;
import learning.api.karma.KarmaSweep;

/**
 * The karma sweep as the {@code karma} cycle: applies trades closed without the close call, and
 * producers whose signals arrived after their trade was applied.
 */
@Component(service = LearningCycle.class, immediate = true)
@LearningCycleName(CycleNames.KARMA)
public class KarmaCycle implements LearningCycle {
    private final KarmaService karma;

    /**
     * @param karma the karma service to sweep with
     */
    @Activate
    public KarmaCycle(@Reference KarmaService karma) {
        this.karma = karma;
    }

    /** @return {@code trades} and {@code producer_updates} applied by this run */
    @Override
    public Map<String, Object> run(Instant asOf) {
        KarmaSweep s = karma.sweep(asOf);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("trades", s.trades());
        counts.put("producer_updates", s.producerUpdates());
        return counts;
    }
}
