package learning.karma.internal;

import java.util.List;

import learning.api.store.Migration;

/** The karma bundle's tables. */
final class KarmaSchema {
    static final String MODULE = "learning.karma";

    private KarmaSchema() {
    }

    static List<Migration> migrations() {
        return List.of(new Migration(1, "producer karma and the (trade, producer) updates applied", List.of(
                "CREATE CACHED TABLE producer_karma (producer_id VARCHAR(128) PRIMARY KEY, karma_score DOUBLE NOT NULL,"
                        + " win_count INT NOT NULL, loss_count INT NOT NULL, neutral_count INT NOT NULL,"
                        + " total_trades INT NOT NULL, last_updated TIMESTAMP(6) NOT NULL)",
                // The primary key is what makes karma idempotent: one update per (trade, producer).
                // The row also keeps what the update did, so a replay can answer with it.
                "CREATE CACHED TABLE karma_applied (trade_id VARCHAR(128) NOT NULL, producer_id VARCHAR(128) NOT NULL,"
                        + " domain VARCHAR(64) NOT NULL, contribution_weight DOUBLE NOT NULL, outcome DOUBLE NOT NULL,"
                        + " karma_delta DOUBLE NOT NULL, event_id VARCHAR(36) NOT NULL, applied_at TIMESTAMP(6) NOT NULL,"
                        + " PRIMARY KEY (trade_id, producer_id))")));
    }
}
