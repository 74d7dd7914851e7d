package learning.corpus.internal;

import java.util.List;

import learning.api.store.Migration;

/** The corpus bundle's tables. */
final class CorpusSchema {
    static final String MODULE = "learning.corpus";

    private CorpusSchema() {
    }

    static List<Migration> migrations() {
        return List.of(new Migration(1, "fed positions, skill score journal, pattern matches", List.of(
                // A position whose outcome was fed to its skills and patterns (once per position).
                "CREATE CACHED TABLE corpus_positions (position_id VARCHAR(128) PRIMARY KEY, fed_at TIMESTAMP(6) NOT NULL)",
                // One row per (position, skill): the journal of score changes. 'pending' is written
                // before the file is touched, 'applied' after, so a crash in between is finished by
                // the next run exactly once: the file shows either the old or the new score.
                "CREATE CACHED TABLE skill_feedback (position_id VARCHAR(128) NOT NULL, skill VARCHAR(256) NOT NULL,"
                        + " delta INT NOT NULL, old_score INT, new_score INT, status VARCHAR(16) NOT NULL,"
                        + " detail VARCHAR(1024), updated_at TIMESTAMP(6) NOT NULL, PRIMARY KEY (position_id, skill))",
                "CREATE INDEX skill_feedback_status ON skill_feedback (status)",
                "CREATE CACHED TABLE pattern_matches (position_id VARCHAR(128) NOT NULL, pattern VARCHAR(256) NOT NULL,"
                        + " realized_pnl DOUBLE NOT NULL, win BOOLEAN NOT NULL, outcome_ts TIMESTAMP(6) NOT NULL,"
                        + " PRIMARY KEY (position_id, pattern))",
                "CREATE INDEX pattern_matches_pattern ON pattern_matches (pattern)")));
    }
}
