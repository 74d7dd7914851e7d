package learning.console.internal.ingest;

import static learning.console.internal.validation.Check.field;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import com.google.gson.stream.JsonWriter;

import learning.api.ValidationException;
import learning.api.ledger.AcceptedSignal;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;
import learning.console.internal.json.Texts;
import learning.console.internal.validation.Check;

/** Accepted signals ({@code attribution.signal_accepted.v1}) on the wire. */
final class AcceptedSignalJson {
    private static final Set<String> DIRECTIONS = Set.of("long", "short", "flat");

    private AcceptedSignalJson() {
    }

    /**
     * Reads {@code {"trade_id","producer_id","domain","signal_event_id","contribution_weight","direction","confidence","horizon"}}.
     */
    static AcceptedSignal read(JsonInput in, String at) throws IOException {
        String tradeId = null;
        String producerId = null;
        String domain = null;
        String signalEventId = null;
        Double weight = null;
        String direction = null;
        Double confidence = null;
        String horizon = null;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "trade_id" -> tradeId = in.string();
                case "producer_id" -> producerId = in.string();
                case "domain" -> domain = in.string();
                case "signal_event_id" -> signalEventId = in.string();
                case "contribution_weight" -> weight = in.number();
                case "direction" -> direction = in.string();
                case "confidence" -> confidence = in.number();
                case "horizon" -> horizon = in.string();
                default -> in.skipValue();
            }
        }
        in.endObject();
        String checkedDomain = Check.optionalText(field(at, "domain"), domain, Limits.LABEL);
        return new AcceptedSignal(
                Check.text(field(at, "trade_id"), tradeId, Limits.ID),
                Check.text(field(at, "producer_id"), producerId, Limits.ID),
                checkedDomain == null ? "unknown" : checkedDomain,
                Check.text(field(at, "signal_event_id"), signalEventId, Limits.ID),
                Check.nonNegative(field(at, "contribution_weight"), weight),
                direction(field(at, "direction"), direction),
                confidence == null ? null : Check.probability(field(at, "confidence"), confidence),
                horizon == null ? null : Check.horizon(field(at, "horizon"), horizon).label());
    }

    private static String direction(String field, String value) {
        if (value == null) {
            return null;
        }
        String wire = value.strip().toLowerCase(Locale.ROOT);
        if (!DIRECTIONS.contains(wire)) {
            throw new ValidationException(field, "'" + Texts.excerpt(value) + "' is not one of long, short, flat");
        }
        return wire;
    }

    /** Writes a stored signal as an object. */
    static void write(JsonWriter out, AcceptedSignal s) throws IOException {
        out.beginObject();
        out.name("trade_id").value(s.tradeId());
        out.name("producer_id").value(s.producerId());
        out.name("domain").value(s.domain());
        out.name("signal_event_id").value(s.signalEventId());
        out.name("contribution_weight").value(s.contributionWeight());
        out.name("direction").value(s.direction());
        JsonOutput.number(out, "confidence", s.confidence());
        out.name("horizon").value(s.horizon());
        out.endObject();
    }
}
