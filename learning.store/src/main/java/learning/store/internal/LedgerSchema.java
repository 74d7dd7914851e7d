package learning.store.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import learning.api.store.Migration;
import learning.api.weights.Domain;

/** The input ledger's tables. Everything that grows with history is a CACHED table. */
final class LedgerSchema {
    static final String MODULE = "learning.store.ledger";

    private LedgerSchema() {
    }

    static List<Migration> migrations() {
        return List.of(new Migration(1, "input ledger: positions, convictions, signals, health, bars, forecasts", List.of(
                "CREATE CACHED TABLE positions (id VARCHAR(128) PRIMARY KEY, symbol VARCHAR(64) NOT NULL,"
                        + " direction VARCHAR(8) NOT NULL, status VARCHAR(8) NOT NULL, opened_at TIMESTAMP(6) NOT NULL,"
                        + " closed_at TIMESTAMP(6), realized_pnl DOUBLE, conviction_id VARCHAR(128),"
                        + " regime_at_entry VARCHAR(64), max_drawdown_during DOUBLE, entry_price DOUBLE,"
                        + " exit_price DOUBLE, size_usd DOUBLE)",
                "CREATE INDEX positions_closed_at ON positions (closed_at)",
                "CREATE INDEX positions_conviction ON positions (conviction_id)",
                "CREATE CACHED TABLE conviction_scores (id VARCHAR(128) PRIMARY KEY, cycle_id VARCHAR(128) NOT NULL,"
                        + " symbol VARCHAR(64) NOT NULL, score DOUBLE NOT NULL, ts TIMESTAMP(6) NOT NULL,"
                        + " outcome DOUBLE, outcome_ts TIMESTAMP(6))",
                "CREATE CACHED TABLE conviction_log (conviction_id VARCHAR(128) NOT NULL, cycle_id VARCHAR(128) NOT NULL,"
                        + " symbol VARCHAR(64) NOT NULL, domain VARCHAR(64) NOT NULL, domain_score DOUBLE NOT NULL,"
                        + " PRIMARY KEY (conviction_id, domain))",
                "CREATE INDEX conviction_log_cycle ON conviction_log (cycle_id, symbol)",
                "CREATE CACHED TABLE conviction_refs (conviction_id VARCHAR(128) NOT NULL, kind VARCHAR(8) NOT NULL,"
                        + " name VARCHAR(256) NOT NULL, ordinal INT NOT NULL, PRIMARY KEY (conviction_id, kind, name))",
                "CREATE CACHED TABLE accepted_signals (trade_id VARCHAR(128) NOT NULL, signal_event_id VARCHAR(128) NOT NULL,"
                        + " producer_id VARCHAR(128) NOT NULL, domain VARCHAR(64) NOT NULL, contribution_weight DOUBLE NOT NULL,"
                        + " direction VARCHAR(16), confidence DOUBLE, horizon VARCHAR(16), event_id VARCHAR(36) NOT NULL,"
                        + " event_seq BIGINT NOT NULL, PRIMARY KEY (trade_id, signal_event_id))",
                "CREATE INDEX accepted_signals_producer ON accepted_signals (producer_id)",
                "CREATE CACHED TABLE producer_health (name VARCHAR(128) PRIMARY KEY, last_success_at TIMESTAMP(6),"
                        + " consecutive_failures INT NOT NULL, reported_at TIMESTAMP(6) NOT NULL)",
                "CREATE CACHED TABLE price_bars (asset VARCHAR(64) NOT NULL, interval_label VARCHAR(16) NOT NULL,"
                        + " open_time TIMESTAMP(6) NOT NULL, close_time TIMESTAMP(6) NOT NULL, open_price DOUBLE NOT NULL,"
                        + " high_price DOUBLE NOT NULL, low_price DOUBLE NOT NULL, close_price DOUBLE NOT NULL,"
                        + " volume DOUBLE NOT NULL, source VARCHAR(64) NOT NULL, PRIMARY KEY (asset, interval_label, open_time))",
                "CREATE INDEX price_bars_close ON price_bars (asset, close_time)",
                "CREATE CACHED TABLE forecasts (forecast_id VARCHAR(128) PRIMARY KEY, event_id VARCHAR(36) NOT NULL,"
                        + " event_seq BIGINT NOT NULL, asset VARCHAR(64) NOT NULL, horizon VARCHAR(16) NOT NULL,"
                        + " horizon_seconds BIGINT NOT NULL, action VARCHAR(16) NOT NULL, confidence DOUBLE NOT NULL,"
                        + " source VARCHAR(256) NOT NULL, producer_id VARCHAR(256) NOT NULL, regime_tag VARCHAR(64) NOT NULL,"
                        + " ts TIMESTAMP(6) NOT NULL, target_ts TIMESTAMP(6) NOT NULL)",
                "CREATE INDEX forecasts_target ON forecasts (target_ts)")),
                // The sweeps page through closed positions in (closed_at, id) order with a LIMIT: with
                // the id in the index the database streams that order from the index and stops at the
                // limit, instead of reading and sorting every remaining position for each page.
                new Migration(2, "positions indexed by (closed_at, id) for the sweeps' keyset pages", List.of(
                        "DROP INDEX positions_closed_at",
                        "CREATE INDEX positions_closed_at_id ON positions (closed_at, id)")),
                // Sweeps read only what closed (or was accepted, or recorded) since their last run: every
                // close gets the sequence of its ledger.position_closed.v1 event and every conviction the
                // sequence of its ledger.conviction.v1 event; rows from before this step get 0, so each
                // sweep looks at them once more. See learning.api.store.SweepWindow.
                new Migration(3, "close and conviction sequences, sweep watermarks", List.of(
                        "ALTER TABLE positions ADD COLUMN close_seq BIGINT",
                        "UPDATE positions SET close_seq = 0 WHERE status = 'closed'",
                        "CREATE INDEX positions_close_seq ON positions (close_seq)",
                        "ALTER TABLE conviction_scores ADD COLUMN event_seq BIGINT DEFAULT 0 NOT NULL",
                        "CREATE INDEX conviction_scores_event_seq ON conviction_scores (event_seq)",
                        "CREATE INDEX accepted_signals_event_seq ON accepted_signals (event_seq)",
                        "CREATE CACHED TABLE sweep_watermarks (name VARCHAR(64) PRIMARY KEY, close_seq BIGINT NOT NULL,"
                                + " signal_seq BIGINT NOT NULL, conviction_seq BIGINT NOT NULL)")),
                // A closed position carries its conviction's score in each of the six domains, so the
                // weights window is one range of positions, not six conviction_log rows per position.
                new Migration(4, "closed positions carry their conviction's domain scores", entryScores()));
    }

    /** The columns of the six domains' scores at entry, in {@link Domain} order. */
    static final List<String> ENTRY_COLUMNS = Arrays.stream(Domain.values())
            .map(d -> "entry_" + d.wireName()).toList();

    private static List<String> entryScores() {
        List<String> statements = new ArrayList<>();
        for (Domain d : Domain.values()) {
            statements.add("ALTER TABLE positions ADD COLUMN entry_" + d.wireName() + " DOUBLE");
        }
        StringBuilder backfill = new StringBuilder("UPDATE positions p SET ");
        for (Domain d : Domain.values()) {
            backfill.append(d.ordinal() == 0 ? "" : ", ").append("entry_").append(d.wireName())
                    .append(" = (SELECT MAX(l.domain_score) FROM conviction_log l WHERE l.conviction_id = p.conviction_id")
                    .append(" AND LOWER(TRIM(l.domain)) = '").append(d.wireName()).append("')");
        }
        statements.add(backfill.append(" WHERE p.status = 'closed' AND p.conviction_id IS NOT NULL").toString());
        return statements;
    }
}
