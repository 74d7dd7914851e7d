package learning.console.internal.ingest;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.stream.JsonWriter;

import learning.api.attribution.AttributionResult;
import learning.api.attribution.OutcomeAttribution;

/** The result of attributing a closed position, as the close endpoint answers it. */
final class AttributionJson {
    private AttributionJson() {
    }

    /**
     * Writes {@code {"position_id","status","event_id","outcome":{...learning.outcome.v1 payload...}}}.
     */
    static void write(JsonWriter out, AttributionResult result) throws IOException {
        out.beginObject();
        out.name("position_id").value(result.positionId());
        out.name("status").value(result.status() == null ? null : result.status().name().toLowerCase(java.util.Locale.ROOT));
        out.name("event_id").value(result.eventId());
        out.name("outcome");
        OutcomeAttribution a = result.attribution();
        if (a == null) {
            out.nullValue();
        } else {
            out.beginObject();
            out.name("position_id").value(a.positionId());
            out.name("conviction_id").value(a.convictionId());
            out.name("realized_pnl").value(a.realizedPnl());
            out.name("direction_correct").value(a.directionCorrect());
            out.name("time_held_hours").value(a.timeHeldHours());
            out.name("max_drawdown_pct").value(a.maxDrawdownPct());
            out.name("regime_at_entry").value(a.regimeAtEntry());
            out.name("domain_scores_at_entry");
            writeScores(out, a.domainScoresAtEntry());
            out.endObject();
        }
        out.endObject();
    }

    static void writeScores(JsonWriter out, Map<String, Double> scores) throws IOException {
        out.beginObject();
        if (scores != null) {
            for (Map.Entry<String, Double> e : new TreeMap<>(scores).entrySet()) {
                learning.console.internal.json.JsonOutput.number(out, e.getKey(), e.getValue());
            }
        }
        out.endObject();
    }
}
