package learning.console.internal.read;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import com.google.gson.stream.JsonWriter;

import learning.api.ValidationException;
import learning.api.weights.Domain;
import learning.api.weights.LiveWeights;
import learning.api.weights.WeightChange;
import learning.api.weights.WeightCycleResult;
import learning.api.weights.WeightPreset;
import learning.api.weights.WeightService;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;

/**
 * The weights endpoints: {@code GET /weights}, {@code GET /weights/history},
 * {@code POST /weights/adjustments/{id}/approve|reject}, {@code DELETE /weights/overlay} and
 * {@code PUT /weights/preset}. Every action names the acting token in the audit trail.
 */
public final class WeightHandlers {
    private final Supplier<WeightService> weights;

    /**
     * @param weights the weight service while it runs, else a supplier of null
     */
    public WeightHandlers(Supplier<WeightService> weights) {
        this.weights = weights;
    }

    /** @return 200 with the live weights, the preset, the source and the pending proposals */
    public ApiResponse live(ApiRequest request) {
        WeightService service = weights.get();
        return service == null ? ServiceUnavailable.answer("the weight service") : answer(service.live());
    }

    /** @return 200 with the history rows, newest first ({@code since}, {@code limit}) */
    public ApiResponse history(ApiRequest request) {
        WeightService service = weights.get();
        if (service == null) {
            return ServiceUnavailable.answer("the weight service");
        }
        List<WeightChange> rows = service.history(ReadParameters.since(request.query()),
                ReadParameters.limit(request.query()));
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginArray();
            for (WeightChange h : rows) {
                out.beginObject();
                out.name("adjustment_id").value(h.adjustmentId());
                out.name("cycle_type").value(h.cycleType());
                out.name("domain").value(h.domain().wireName());
                out.name("old_weight").value(h.oldWeight());
                out.name("new_weight").value(h.newWeight());
                out.name("delta").value(h.delta());
                out.name("reason").value(h.reason());
                out.name("status").value(h.status().wireName());
                out.name("approved_by").value(h.approvedBy());
                out.name("adjuster").value(h.adjuster());
                JsonOutput.instant(out, "ts", h.ts());
                out.endObject();
            }
            out.endArray();
        }));
    }

    /** @return 200 with the live weights after applying the pending adjustment */
    public ApiResponse approve(ApiRequest request) {
        WeightService service = weights.get();
        return service == null ? ServiceUnavailable.answer("the weight service")
                : answer(service.approve(request.pathParameter("id"), request.principal().label()));
    }

    /** @return 200 with the live weights (unchanged) after refusing the pending adjustment */
    public ApiResponse reject(ApiRequest request) {
        WeightService service = weights.get();
        return service == null ? ServiceUnavailable.answer("the weight service")
                : answer(service.reject(request.pathParameter("id"), request.principal().label()));
    }

    /** @return 200 with the preset weights, the overlay removed */
    public ApiResponse deleteOverlay(ApiRequest request) {
        WeightService service = weights.get();
        return service == null ? ServiceUnavailable.answer("the weight service")
                : answer(service.revertToPreset(request.principal().label()));
    }

    /** @return 200 with the live weights under the chosen preset ({@code {"preset": "conservative"}}) */
    public ApiResponse selectPreset(ApiRequest request) {
        WeightService service = weights.get();
        if (service == null) {
            return ServiceUnavailable.answer("the weight service");
        }
        String name = JsonInput.parse(request.body(), in -> {
            String preset = null;
            in.beginObject();
            while (in.hasNext()) {
                if (in.nextName().equals("preset")) {
                    preset = in.string();
                } else {
                    in.skipValue();
                }
            }
            in.endObject();
            return preset;
        });
        if (name == null || name.isBlank()) {
            throw new ValidationException("preset", "is required: balanced, conservative or degen");
        }
        WeightPreset preset;
        try {
            preset = WeightPreset.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("preset", "unknown preset '" + name + "': use balanced, conservative or degen");
        }
        return answer(service.selectPreset(preset, request.principal().label()));
    }

    private static ApiResponse answer(LiveWeights live) {
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            out.name("weights");
            domains(out, live.weights());
            out.name("preset").value(live.preset().wireName());
            out.name("preset_weights");
            domains(out, live.presetWeights());
            out.name("source").value(live.source().wireName());
            out.name("pending").beginArray();
            for (WeightCycleResult p : live.pending()) {
                cycle(out, p);
            }
            out.endArray();
            out.endObject();
        }));
    }

    static void cycle(JsonWriter out, WeightCycleResult r) throws IOException {
        out.beginObject();
        out.name("adjustment_id").value(r.adjustmentId());
        JsonOutput.instant(out, "as_of", r.asOf());
        out.name("reason").value(r.reason());
        out.name("status").value(r.status().wireName());
        out.name("observations").value(r.observations());
        out.name("max_delta").value(r.maxDelta());
        out.name("previous");
        domains(out, r.previous());
        out.name("proposed");
        domains(out, r.proposed());
        out.name("adjuster").value(r.adjuster());
        out.name("challengers").beginObject();
        for (Map.Entry<String, Map<Domain, Double>> c : r.challengers().entrySet()) {
            out.name(c.getKey());
            domains(out, c.getValue());
        }
        out.endObject();
        JsonOutput.number(out, "window_mean_pnl", r.windowMeanPnl());
        out.endObject();
    }

    private static void domains(JsonWriter out, Map<Domain, Double> w) throws IOException {
        out.beginObject();
        for (Domain d : Domain.values()) {
            JsonOutput.number(out, d.wireName(), w.get(d));
        }
        out.endObject();
    }
}
