package learning.meta.internal;

import java.util.List;

import learning.api.store.LearningDatabase;
import learning.api.store.Migration;

/**
 * This bundle's tables. Episodes grow with history, so they are CACHED; patterns grow with the
 * number of distinct ensembles (bounded by producers and calls, not by history).
 */
final class MetaTables {
    static final String MODULE = "learning.meta";

    private MetaTables() {
    }

    static void migrate(LearningDatabase db) {
        db.migrate(MODULE, migrations());
    }

    static List<Migration> migrations() {
        return List.of(new Migration(1, "episode index, pattern counts, index progress, mode, meta forecasts", List.of(
                // One row per (asset, horizon, 2-hour bucket of forecast time): each producer's latest
                // call in the bucket with its correctness, and when the last of them was resolved.
                "CREATE CACHED TABLE meta_episodes (asset VARCHAR(64) NOT NULL, horizon VARCHAR(16) NOT NULL,"
                        + " bucket BIGINT NOT NULL, calls VARCHAR(65536) NOT NULL, known_at TIMESTAMP(6) NOT NULL,"
                        + " PRIMARY KEY (asset, horizon, bucket))",
                // Per (asset, horizon): when its latest episode became known. A call at or after it
                // (live operation) needs no look at single episodes.
                "CREATE TABLE meta_series (asset VARCHAR(64) NOT NULL, horizon VARCHAR(16) NOT NULL,"
                        + " known_at TIMESTAMP(6) NOT NULL, PRIMARY KEY (asset, horizon))",
                // Per ensemble pattern ("a=long,b=short"): episodes in which every member made that call,
                // how many of them were won, and the actual direction of the won ones.
                "CREATE CACHED TABLE meta_patterns (asset VARCHAR(64) NOT NULL, horizon VARCHAR(16) NOT NULL,"
                        + " pattern VARCHAR(4096) NOT NULL, members INT NOT NULL, episodes BIGINT NOT NULL,"
                        + " wins BIGINT NOT NULL, win_long BIGINT NOT NULL, win_short BIGINT NOT NULL,"
                        + " win_flat BIGINT NOT NULL, PRIMARY KEY (asset, horizon, pattern))",
                // How far the index has read the event log, and how many producer outcomes it has seen.
                "CREATE TABLE meta_index_state (id INT PRIMARY KEY, event_seq BIGINT NOT NULL,"
                        + " producer_outcomes BIGINT NOT NULL, updated_at TIMESTAMP(6))",
                "INSERT INTO meta_index_state (id, event_seq, producer_outcomes, updated_at) VALUES (1, 0, 0, NULL)",
                // The mode last in force, per implementation: a change while the engine was down is
                // still audited at the next activation.
                "CREATE TABLE meta_mode (implementation VARCHAR(64) PRIMARY KEY, mode VARCHAR(8) NOT NULL,"
                        + " changed_at TIMESTAMP(6) NOT NULL, actor VARCHAR(256) NOT NULL)",
                // Every shadow or live forecast this producer stored, with the ensemble's call at the
                // same time, and both results once the resolver has resolved the forecast.
                "CREATE CACHED TABLE meta_forecasts (forecast_id VARCHAR(128) PRIMARY KEY,"
                        + " forecast_event_id VARCHAR(36) NOT NULL, mode VARCHAR(8) NOT NULL, source VARCHAR(256) NOT NULL,"
                        + " asset VARCHAR(64) NOT NULL, horizon VARCHAR(16) NOT NULL, action VARCHAR(8) NOT NULL,"
                        + " confidence DOUBLE NOT NULL, pattern VARCHAR(4096) NOT NULL, episodes INT NOT NULL,"
                        + " win_rate DOUBLE NOT NULL, as_of TIMESTAMP(6) NOT NULL, ensemble_action VARCHAR(8) NOT NULL,"
                        + " ensemble_confidence DOUBLE NOT NULL, resolved BOOLEAN DEFAULT FALSE NOT NULL,"
                        + " correct BOOLEAN, brier DOUBLE, ensemble_correct BOOLEAN, ensemble_brier DOUBLE,"
                        + " return_actual_pct DOUBLE, resolved_at TIMESTAMP(6))",
                "CREATE INDEX meta_forecasts_event ON meta_forecasts (forecast_event_id)")));
    }
}
