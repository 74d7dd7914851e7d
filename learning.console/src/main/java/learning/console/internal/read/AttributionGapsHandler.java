package learning.console.internal.read;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import learning.api.attribution.OutcomeAttributor;
import learning.api.cycle.CycleNames;
import learning.api.cycle.CycleReport;
import learning.api.cycle.CycleRunner;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonOutput;

/**
 * {@code GET /attribution/gaps}: how many closed positions could not be attributed (no conviction,
 * or an unknown one), and the ids the recent attribution sweeps named.
 */
public final class AttributionGapsHandler {
    private static final int SWEEPS = 20;
    private static final int MAX_IDS = 100;

    private final Supplier<OutcomeAttributor> attributor;
    private final BundleContext context;

    /**
     * @param attributor the attributor while it runs, else a supplier of null
     * @param context the console bundle's context, for the loop's run records (may be null)
     */
    public AttributionGapsHandler(Supplier<OutcomeAttributor> attributor, BundleContext context) {
        this.attributor = attributor;
        this.context = context;
    }

    /**
     * @param request the request
     * @return 200 with {@code {"count","recent_position_ids":[...]}}; 503 without the attributor
     */
    public ApiResponse gaps(ApiRequest request) {
        OutcomeAttributor service = attributor.get();
        if (service == null) {
            return ServiceUnavailable.answer("outcome attribution");
        }
        long count = service.gapCount();
        Set<String> ids = recentGapIds();
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            out.name("count").value(count);
            out.name("recent_position_ids").beginArray();
            for (String id : ids) {
                out.value(id);
            }
            out.endArray();
            out.endObject();
        }));
    }

    private Set<String> recentGapIds() {
        Set<String> ids = new LinkedHashSet<>();
        if (context == null) {
            return ids;
        }
        ServiceReference<CycleRunner> ref = context.getServiceReference(CycleRunner.class);
        CycleRunner runner = ref == null ? null : context.getService(ref);
        if (runner == null) {
            return ids;
        }
        try {
            for (CycleReport r : runner.recentRuns(CycleNames.ATTRIBUTION, SWEEPS)) {
                Map<String, Object> counts = r.counts();
                if (counts != null && counts.get("gap_position_ids") instanceof List<?> list) {
                    for (Object id : list) {
                        if (ids.size() < MAX_IDS && id != null) {
                            ids.add(id.toString());
                        }
                    }
                }
            }
        } finally {
            context.ungetService(ref);
        }
        return ids;
    }
}
