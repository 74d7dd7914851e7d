package learning.console.internal.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import learning.api.ValidationException;
import learning.console.internal.json.JsonInput;

/**
 * Reads a JSON array of items, one at a time, refusing empty and oversized batches before
 * anything is stored.
 */
final class BatchReader {
    /** The most items one request may carry. */
    static final int MAX_ITEMS = 10_000;

    /**
     * Reads one item of a batch.
     *
     * @param <T> the item type
     */
    @FunctionalInterface
    interface ItemReader<T> {
        /**
         * @param in the reader, positioned before the item
         * @param prefix the item's position for field names, such as {@code [3]} or {@code bars[3]}
         * @return the item, validated
         */
        T read(JsonInput in, String prefix) throws IOException;
    }

    private BatchReader() {
    }

    /**
     * @param <T> the item type
     * @param in the reader, positioned before the array
     * @param name the array's field name, or empty for a top-level batch
     * @param items reads each item
     * @return the items in order, at least one and at most {@value #MAX_ITEMS}
     * @throws ValidationException when the value is not an array, is empty, too long, or an item is bad
     */
    static <T> List<T> read(JsonInput in, String name, ItemReader<T> items) throws IOException {
        String field = name.isEmpty() ? "body" : name;
        if (in.nextIsNull()) {
            throw new ValidationException(field, "is missing");
        }
        in.beginArray();
        List<T> result = new ArrayList<>();
        while (in.hasNext()) {
            if (result.size() == MAX_ITEMS) {
                throw new ValidationException(field, "a batch may hold at most " + MAX_ITEMS + " items");
            }
            result.add(items.read(in, name + "[" + result.size() + "]"));
        }
        in.endArray();
        if (result.isEmpty()) {
            throw new ValidationException(field, "the batch is empty");
        }
        return result;
    }
}
