package learning.karma.internal;

import java.util.List;

import learning.api.store.Migration;

/** The karma bundle's tables. */
final class KarmaSchema {
    static final String MODULE = "learning.karma";
    /** Most producers one trade can carry in {@code karma_trades.producers}. */
    static final int MAX_PRODUCERS_PER_TRADE = 10_000;

    private KarmaSchema() {
    }

    static List<Migration> migrations() {
        return List.of(new Migration(1, "producer karma and the (trade, producer) updates applied", List.of(
                "CREATE CACHED TABLE producer_karma (producer_id VARCHAR(128) PRIMARY KEY, karma_score DOUBLE NOT NULL,"
                        + " win_count INT NOT NULL, loss_count INT NOT NULL, neutral_count INT NOT NULL,"
                        + " total_trades INT NOT NULL, last_updated TIMESTAMP(6) NOT NULL)",
                "CREATE CACHED TABLE karma_applied (trade_id VARCHAR(128) NOT NULL, producer_id VARCHAR(128) NOT NULL,"
                        + " domain VARCHAR(64) NOT NULL, contribution_weight DOUBLE NOT NULL, outcome DOUBLE NOT NULL,"
                        + " karma_delta DOUBLE NOT NULL, event_id VARCHAR(36) NOT NULL, applied_at TIMESTAMP(6) NOT NULL,"
                        + " PRIMARY KEY (trade_id, producer_id))")),
                // One row per trade instead of one per (trade, producer): a sweep of trades with
                // eighteen producers each wrote eighteen index entries per trade. What each update
                // did is in the trade's attribution.outcome events, which a replay reads back.
                new Migration(2, "one row per trade: the producers applied and how many events said so", List.of(
                        "CREATE CACHED TABLE karma_trades (trade_id VARCHAR(128) PRIMARY KEY,"
                                + " producers VARCHAR(128) ARRAY[" + MAX_PRODUCERS_PER_TRADE + "] NOT NULL,"
                                + " emissions INT NOT NULL, applied_at TIMESTAMP(6) NOT NULL)",
                        "INSERT INTO karma_trades SELECT trade_id, ARRAY_AGG(producer_id ORDER BY applied_at, producer_id),"
                                + " COUNT(DISTINCT event_id), MAX(applied_at) FROM karma_applied GROUP BY trade_id",
                        "DROP TABLE karma_applied")));
    }
}
