package learning.attribution.internal;

import java.util.List;

import learning.api.store.Migration;

/**
 * The attribution bundle's own tables. The sweep finds the positions still to attribute by
 * anti-joining {@code positions} against these two tables, so both are keyed by position id.
 */
final class AttributionSchema {
    static final String MODULE = "learning.attribution";

    private AttributionSchema() {
    }

    static List<Migration> migrations() {
        return List.of(new Migration(1, "attributed positions and attribution gaps", List.of(
                // One row per attributed position: the event id leads back to the stored payload.
                "CREATE CACHED TABLE attributed_positions (position_id VARCHAR(128) PRIMARY KEY,"
                        + " conviction_id VARCHAR(128) NOT NULL, event_id VARCHAR(36) NOT NULL,"
                        + " attributed_at TIMESTAMP(6) NOT NULL)",
                // A closed position whose conviction is missing (no id, or an id nobody stored).
                "CREATE CACHED TABLE attribution_gaps (position_id VARCHAR(128) PRIMARY KEY,"
                        + " reason VARCHAR(32) NOT NULL, conviction_id VARCHAR(128), found_at TIMESTAMP(6) NOT NULL)")));
    }
}
