package learning.console.internal.ingest;

import static learning.console.internal.validation.Check.field;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

import com.google.gson.stream.JsonWriter;

import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;
import learning.console.internal.validation.Check;

/** Forecasts ({@code forecast.v1}) on the wire. */
final class ForecastJson {
    private ForecastJson() {
    }

    /**
     * Reads {@code {"forecast_id","asset","horizon","action","confidence","source","regime_tag","ts"}};
     * a missing regime tag is {@code "unknown"}.
     */
    static Forecast read(JsonInput in, String at) throws IOException {
        String forecastId = null;
        String asset = null;
        String horizon = null;
        String action = null;
        Double confidence = null;
        String source = null;
        String regimeTag = null;
        Instant ts = null;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "forecast_id" -> forecastId = in.string();
                case "asset" -> asset = in.string();
                case "horizon" -> horizon = in.string();
                case "action" -> action = in.string();
                case "confidence" -> confidence = in.number();
                case "source" -> source = in.string();
                case "regime_tag" -> regimeTag = in.string();
                case "ts" -> ts = in.instant();
                default -> in.skipValue();
            }
        }
        in.endObject();
        String regime = Check.optionalText(field(at, "regime_tag"), regimeTag, Limits.LABEL);
        return new Forecast(
                Check.text(field(at, "forecast_id"), forecastId, Limits.ID),
                Check.text(field(at, "asset"), asset, Limits.SYMBOL).strip().toUpperCase(Locale.ROOT),
                Check.horizon(field(at, "horizon"), horizon).label(),
                Check.oneOf(field(at, "action"), action, ForecastAction.class),
                Check.probability(field(at, "confidence"), confidence),
                Check.text(field(at, "source"), source, Limits.NAME),
                regime == null ? "unknown" : regime,
                Check.present(field(at, "ts"), ts),
                null);
    }

    /** Writes a stored forecast, with its event id, as an object. */
    static void write(JsonWriter out, Forecast f) throws IOException {
        out.beginObject();
        out.name("forecast_id").value(f.forecastId());
        out.name("asset").value(f.asset());
        out.name("horizon").value(f.horizon());
        out.name("action").value(f.action() == null ? null : f.action().wireName());
        out.name("confidence").value(f.confidence());
        out.name("source").value(f.source());
        out.name("regime_tag").value(f.regimeTag());
        JsonOutput.instant(out, "ts", f.ts());
        out.name("event_id").value(f.eventId());
        out.endObject();
    }
}
