package learning.attribution.internal;

import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import learning.api.attribution.OutcomeAttribution;

/**
 * The {@code learning.outcome.v1} payload with the reference's field names, written in canonical
 * form (keys sorted, no white space) and read back for {@code ALREADY_ATTRIBUTED} answers.
 */
final class OutcomePayload {
    private OutcomePayload() {
    }

    static String toJson(OutcomeAttribution a) {
        StringBuilder b = new StringBuilder(256).append('{');
        JsonText.string(JsonText.key(b, "conviction_id"), a.convictionId()).append(',');
        JsonText.key(b, "direction_correct").append(a.directionCorrect()).append(',');
        JsonText.key(b, "domain_scores_at_entry").append('{');
        boolean first = true;
        for (Map.Entry<String, Double> e : new TreeMap<>(a.domainScoresAtEntry()).entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            JsonText.number(JsonText.key(b, e.getKey()), e.getValue());
        }
        b.append("},");
        JsonText.number(JsonText.key(b, "max_drawdown_pct"), a.maxDrawdownPct()).append(',');
        JsonText.string(JsonText.key(b, "position_id"), a.positionId()).append(',');
        JsonText.number(JsonText.key(b, "realized_pnl"), a.realizedPnl()).append(',');
        JsonText.string(JsonText.key(b, "regime_at_entry"), a.regimeAtEntry()).append(',');
        JsonText.number(JsonText.key(b, "time_held_hours"), a.timeHeldHours());
        return b.append('}').toString();
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
