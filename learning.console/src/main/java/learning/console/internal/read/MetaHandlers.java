package learning.console.internal.read;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import com.google.gson.stream.JsonWriter;

import learning.api.ValidationException;
import learning.api.meta.MetaForecast;
import learning.api.meta.MetaMode;
import learning.api.meta.MetaProducer;
import learning.api.meta.MetaStatus;
import learning.api.meta.MetaTrackRecord;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;
import learning.console.internal.validation.Check;

/**
 * The meta-producer endpoints: {@code GET /meta} (mode, implementation, activation progress and
 * the shadow track record), {@code PUT /meta/mode} (switch, audited with the acting token) and
 * {@code POST /meta/produce?asset=&horizon=&as_of=} (one call now, answered in snake_case).
 */
public final class MetaHandlers {
    private final Supplier<MetaProducer> meta;

    /**
     * @param meta the live meta-producer while one runs, else a supplier of null
     */
    public MetaHandlers(Supplier<MetaProducer> meta) {
        this.meta = meta;
    }

    /** @return 200 with the status */
    public ApiResponse status(ApiRequest request) {
        MetaProducer producer = meta.get();
        return producer == null ? ServiceUnavailable.answer("the meta-producer") : status(producer.status());
    }

    /** @return 200 with the status after the switch; 400 naming {@code mode} for anything but shadow or live */
    public ApiResponse switchMode(ApiRequest request) {
        MetaProducer producer = meta.get();
        if (producer == null) {
            return ServiceUnavailable.answer("the meta-producer");
        }
        String text = JsonInput.parse(request.body(), in -> {
            String mode = null;
            in.beginObject();
            while (in.hasNext()) {
                if (in.nextName().equals("mode")) {
                    mode = in.string();
                } else {
                    in.skipValue();
                }
            }
            in.endObject();
            return mode;
        });
        if (text == null || text.isBlank()) {
            throw new ValidationException("mode", "is required: shadow or live");
        }
        MetaMode to;
        try {
            to = MetaMode.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("mode", "'" + text + "' is not a mode: use shadow or live");
        }
        try {
            producer.switchMode(to, request.principal().label());
        } catch (UnsupportedOperationException e) {
            return ApiResponse.error(409, e.getMessage(), "mode");
        }
        return status(producer.status());
    }

    /** @return 200 with the forecast or the abstention; 400 naming {@code asset}, {@code horizon} or {@code as_of} */
    public ApiResponse produce(ApiRequest request) {
        MetaProducer producer = meta.get();
        if (producer == null) {
            return ServiceUnavailable.answer("the meta-producer");
        }
        String asset = Check.text("asset", request.query().get("asset").orElse(null), 64);
        String horizon = Check.horizon("horizon", request.query().get("horizon").orElse(null)).label();
        Instant asOf = ReadParameters.asOf(request.query());
        MetaForecast f = producer.produce(asset, horizon, asOf);
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            out.name("forecast_id").value(f.forecastId());
            out.name("asset").value(f.asset());
            out.name("horizon").value(f.horizon());
            out.name("action").value(f.action().wireName());
            out.name("confidence").value(f.confidence());
            out.name("source").value(f.source());
            out.name("abstention_reason").value(f.abstentionReason() == null ? null : f.abstentionReason().wireName());
            out.name("pattern").value(f.pattern());
            out.name("episodes").value(f.episodes());
            JsonOutput.number(out, "win_rate", f.winRate());
            JsonOutput.instant(out, "as_of", f.asOf());
            out.endObject();
        }));
    }

    private static ApiResponse status(MetaStatus s) {
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            out.name("mode").value(s.mode().wireName());
            out.name("implementation").value(s.implementation());
            out.name("source").value(s.source());
            out.name("activation").beginObject();
            out.name("resolved").value(s.resolvedOutcomes());
            out.name("required").value(s.requiredOutcomes());
            out.name("active").value(s.resolvedOutcomes() >= s.requiredOutcomes());
            out.endObject();
            out.name("shadow_record").beginObject();
            out.name("forecasts").value(s.shadowForecasts());
            record(out, s.shadowRecord());
            out.name("ensemble");
            if (s.ensembleRecord() == null) {
                out.nullValue();
            } else {
                out.beginObject();
                record(out, s.ensembleRecord());
                out.endObject();
            }
            out.endObject();
            out.endObject();
        }));
    }

    private static void record(JsonWriter out, MetaTrackRecord r) throws IOException {
        out.name("resolved").value(r.resolved());
        out.name("wins").value(r.wins());
        JsonOutput.number(out, "win_rate", r.winRate());
        JsonOutput.number(out, "wilson_low", r.wilsonLow());
        JsonOutput.number(out, "wilson_high", r.wilsonHigh());
        JsonOutput.number(out, "mean_brier", r.meanBrier());
    }
}
