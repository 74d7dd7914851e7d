package learning.forecast.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Services of a whiteboard in chain order: highest {@code service.ranking} first, then oldest. */
final class Ranked {
    private Ranked() {
    }

    static <S> List<S> inOrder(List<Map.Entry<Map<String, Object>, S>> entries) {
        if (entries == null || entries.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<Map<String, Object>, S>> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.<Map.Entry<Map<String, Object>, S>>comparingInt(e -> -ranking(e.getKey()))
                .thenComparingLong(e -> id(e.getKey())));
        List<S> out = new ArrayList<>(sorted.size());
        for (Map.Entry<Map<String, Object>, S> e : sorted) {
            out.add(e.getValue());
        }
        return out;
    }

    static int ranking(Map<String, Object> props) {
        Object r = props.get("service.ranking");
        return r instanceof Integer i ? i : 0;
    }

    private static long id(Map<String, Object> props) {
        Object r = props.get("service.id");
        return r instanceof Number n ? n.longValue() : Long.MAX_VALUE;
    }
}
