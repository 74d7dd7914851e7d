package learning.console.internal.ingest;

import java.io.IOException;
import java.time.Instant;

import learning.api.ledger.InputLedger;
import learning.api.ledger.ProducerHealth;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;
import learning.console.internal.validation.Check;

/** {@code POST /producers/{id}/health}: a producer's health report, replacing the previous one. */
public final class ProducerHealthHandler {
    private final InputLedger ledger;

    /**
     * @param ledger the input ledger
     */
    public ProducerHealthHandler(InputLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * @param request the request with body {@code {"last_success_at","consecutive_failures"}}
     * @return 200 with the stored report {@code {"name","last_success_at","consecutive_failures"}}
     */
    public ApiResponse report(ApiRequest request) {
        String name = Check.text("id", request.pathParameter("id"), Limits.ID);
        ProducerHealth health = JsonInput.parse(request.body(), in -> read(in, name));
        ProducerHealth stored = ledger.reportProducerHealth(health);
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            out.name("name").value(stored.name());
            JsonOutput.instant(out, "last_success_at", stored.lastSuccessAt());
            out.name("consecutive_failures").value(stored.consecutiveFailures());
            out.endObject();
        }));
    }

    private static ProducerHealth read(JsonInput in, String name) throws IOException {
        Instant lastSuccess = null;
        Long failures = null;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "last_success_at" -> lastSuccess = in.instant();
                case "consecutive_failures" -> failures = in.wholeNumber();
                default -> in.skipValue();
            }
        }
        in.endObject();
        return new ProducerHealth(name, lastSuccess, Check.count("consecutive_failures", failures));
    }
}
