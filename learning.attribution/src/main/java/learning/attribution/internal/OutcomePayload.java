package learning.attribution.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;

import learning.api.attribution.OutcomeAttribution;

/**
 * The {@code learning.outcome.v1} payload with the reference's field names, written in canonical
 * form (keys sorted, no white space) and read back for {@code ALREADY_ATTRIBUTED} answers.
 */
final class OutcomePayload {
    private OutcomePayload() {
    }

    static String toJson(OutcomeAttribution a) {
        StringWriter text = new StringWriter(256);
        try (JsonWriter out = new JsonWriter(text)) {
            out.beginObject();
            out.name("conviction_id").value(a.convictionId());
            out.name("direction_correct").value(a.directionCorrect());
            out.name("domain_scores_at_entry").beginObject();
            for (Map.Entry<String, Double> e : new TreeMap<>(a.domainScoresAtEntry()).entrySet()) {
                out.name(e.getKey()).value(finite(e.getValue()));
            }
            out.endObject();
            out.name("max_drawdown_pct").value(finite(a.maxDrawdownPct()));
            out.name("position_id").value(a.positionId());
            out.name("realized_pnl").value(finite(a.realizedPnl()));
            out.name("regime_at_entry").value(a.regimeAtEntry());
            out.name("time_held_hours").value(finite(a.timeHeldHours()));
            out.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** @throws IllegalArgumentException for NaN and infinities, which JSON cannot carry */
    private static double finite(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        return d;
    }

    static OutcomeAttribution fromJson(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        Map<String, Double> domains = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("domain_scores_at_entry").entrySet()) {
            domains.put(e.getKey(), e.getValue().getAsDouble());
        }
        return new OutcomeAttribution(o.get("position_id").getAsString(), o.get("conviction_id").getAsString(),
                o.get("realized_pnl").getAsDouble(), o.get("direction_correct").getAsBoolean(),
                o.get("time_held_hours").getAsDouble(), o.get("max_drawdown_pct").getAsDouble(),
                o.get("regime_at_entry").getAsString(), domains);
    }
}
