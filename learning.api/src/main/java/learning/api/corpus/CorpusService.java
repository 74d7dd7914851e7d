package learning.api.corpus;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Corpus feedback: skill scores, the skill lifecycle, pattern outcomes. */
@ProviderType
public interface CorpusService {
    /**
     * Feeds one closed position's outcome to the skills and patterns its conviction named, once
     * per position.
     *
     * @param positionId a closed position
     * @return what changed
     */
    CorpusRun applyOutcome(String positionId);

    /**
     * Feeds every closed position not fed yet, then promotes and archives skills.
     *
     * @param asOf positions closed at or before it are considered
     * @return what changed
     */
    CorpusRun runCycle(Instant asOf);

    /** @return every skill file, by state then name */
    List<Skill> skills();

    /** @return pattern statistics, by pattern name */
    List<PatternStats> patterns();
}
