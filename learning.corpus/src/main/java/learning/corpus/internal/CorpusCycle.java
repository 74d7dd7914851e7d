package learning.corpus.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import learning.api.LearningCycleName;
import learning.api.corpus.CorpusRun;
import learning.api.corpus.CorpusService;
import learning.api.cycle.CycleNames;
import learning.api.cycle.LearningCycle;

/**
 * Corpus feedback as the {@code corpus} cycle (daily): feeds positions not fed yet, then
 * promotes and archives skills. Problems are part of the counts, not a failure: a broken skill
 * file must not mark every daily run failed.
 */
@Component(service = LearningCycle.class, immediate = true)
@LearningCycleName(CycleNames.CORPUS)
public class CorpusCycle implements LearningCycle {
    private final CorpusService corpus;

    /**
     * @param corpus the corpus service to run
     */
    @Activate
    public CorpusCycle(@Reference CorpusService corpus) {
        this.corpus = corpus;
    }

    /**
     * @return {@code scores_changed}, {@code promoted}, {@code archived}, {@code patterns_scored}
     *         and {@code problems}
     */
    @Override
    public Map<String, Object> run(Instant asOf) {
        CorpusRun r = corpus.runCycle(asOf);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("scores_changed", r.scoresChanged());
        counts.put("promoted", r.promoted());
        counts.put("archived", r.archived());
        counts.put("patterns_scored", r.patternsScored());
        counts.put("problems", r.problems());
        return counts;
    }
}
