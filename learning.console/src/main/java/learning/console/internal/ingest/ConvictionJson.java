package learning.console.internal.ingest;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.stream.JsonWriter;

import learning.api.ValidationException;
import learning.api.ledger.Conviction;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;
import learning.console.internal.validation.Check;

/** Convictions with their domain scores, skills and patterns on the wire. */
final class ConvictionJson {
    private ConvictionJson() {
    }

    /**
     * Reads {@code {"id","cycle_id","symbol","score","ts","domain_scores":{...},"skills":[...],"patterns":[...]}}.
     */
    static Conviction read(JsonInput in) throws IOException {
        String id = null;
        String cycleId = null;
        String symbol = null;
        Double score = null;
        Instant ts = null;
        Map<String, Double> domainScores = null;
        List<String> skills = null;
        List<String> patterns = null;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "id" -> id = in.string();
                case "cycle_id" -> cycleId = in.string();
                case "symbol" -> symbol = in.string();
                case "score" -> score = in.number();
                case "ts" -> ts = in.instant();
                case "domain_scores" -> domainScores = readScores(in);
                case "skills" -> skills = in.strings();
                case "patterns" -> patterns = in.strings();
                default -> in.skipValue();
            }
        }
        in.endObject();
        return new Conviction(
                Check.text("id", id, Limits.ID),
                Check.text("cycle_id", cycleId, Limits.ID),
                Check.text("symbol", symbol, Limits.SYMBOL).strip().toUpperCase(Locale.ROOT),
                Check.present("score", score),
                Check.present("ts", ts),
                Check.present("domain_scores", domainScores),
                names("skills", skills),
                names("patterns", patterns),
                null,
                null);
    }

    private static Map<String, Double> readScores(JsonInput in) throws IOException {
        if (in.nextIsNull()) {
            return null;
        }
        in.beginObject();
        Map<String, Double> scores = new LinkedHashMap<>();
        while (in.hasNext()) {
            String domain = in.nextName();
            String field = in.field();
            Double value = in.number();
            Check.text(field, domain, Limits.LABEL);
            if (value == null) {
                throw new ValidationException(field, "must be a number, not null");
            }
            if (scores.put(domain.strip().toLowerCase(Locale.ROOT), value) != null) {
                throw new ValidationException(field, "is given twice");
            }
        }
        in.endObject();
        return scores;
    }

    private static List<String> names(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            Check.text(field + "[" + i + "]", values.get(i), Limits.NAME);
        }
        return List.copyOf(values);
    }

    /** Writes a stored conviction as an object. */
    static void write(JsonWriter out, Conviction c) throws IOException {
        out.beginObject();
        out.name("id").value(c.id());
        out.name("cycle_id").value(c.cycleId());
        out.name("symbol").value(c.symbol());
        out.name("score").value(c.score());
        JsonOutput.instant(out, "ts", c.ts());
        out.name("domain_scores");
        AttributionJson.writeScores(out, c.domainScores());
        writeNames(out, "skills", c.skills());
        writeNames(out, "patterns", c.patterns());
        JsonOutput.number(out, "outcome", c.outcome());
        JsonOutput.instant(out, "outcome_ts", c.outcomeTs());
        out.endObject();
    }

    private static void writeNames(JsonWriter out, String name, List<String> values) throws IOException {
        out.name(name).beginArray();
        if (values != null) {
            for (String v : values) {
                out.value(v);
            }
        }
        out.endArray();
    }
}
