package learning.console.internal.ingest;

import java.util.List;
import java.util.function.Function;

import learning.api.ConflictException;

/**
 * Names the batch item behind a dedupe conflict. The ledger reports the colliding dedupe key
 * (documented in {@code InputLedger}: {@code forecast.v1:{forecast_id}},
 * {@code signal_accepted:{trade_id}:{signal_event_id}}); clients think in items, so the field
 * becomes {@code [i].forecast_id}. When the item cannot be found the ledger's answer stays as is.
 */
final class BatchConflicts {
    private BatchConflicts() {
    }

    /**
     * @param <T> the item type
     * @param conflict the ledger's conflict
     * @param items the batch as sent to the ledger
     * @param dedupeKey the dedupe key of an item
     * @param idField the item's id field, such as {@code forecast_id}
     * @return the conflict naming the item, or the original conflict
     */
    static <T> ConflictException locate(ConflictException conflict, List<T> items, Function<T, String> dedupeKey,
            String idField) {
        String message = String.valueOf(conflict.getMessage());
        for (int i = 0; i < items.size(); i++) {
            if (message.contains("'" + dedupeKey.apply(items.get(i)) + "'")) {
                return new ConflictException("[" + i + "]." + idField, conflict.getMessage());
            }
        }
        return conflict;
    }
}
