package learning.api.corpus;

import java.time.Instant;
import java.util.List;

/**
 * What a corpus feedback run did.
 *
 * @param asOf the run's instant
 * @param scoresChanged skill scores moved by +1 or -1
 * @param promoted skills moved from pending to active
 * @param archived skills moved from active to archived
 * @param patternsScored pattern matches that got an outcome
 * @param problems files that could not be read or moved, each with the reason; never fatal
 */
public record CorpusRun(Instant asOf, int scoresChanged, List<String> promoted, List<String> archived,
        int patternsScored, List<String> problems) {
}
