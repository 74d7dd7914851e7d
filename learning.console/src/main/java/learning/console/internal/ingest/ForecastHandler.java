package learning.console.internal.ingest;

import java.util.List;

import learning.api.ConflictException;
import learning.api.ledger.Forecast;
import learning.api.ledger.InputLedger;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;

/**
 * {@code POST /forecasts}: a batch of forecasts. The whole batch is parsed and validated as a
 * stream first, then stored with one ledger call, so a bad item stores nothing.
 */
public final class ForecastHandler {
    private final InputLedger ledger;

    /**
     * @param ledger the input ledger
     */
    public ForecastHandler(InputLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * @param request the request
     * @return 201 with the stored forecasts and their event ids; 409 when a forecast id is stored
     *         with other content
     */
    public ApiResponse record(ApiRequest request) {
        List<Forecast> forecasts = JsonInput.parse(request.body(), in -> BatchReader.read(in, "", ForecastJson::read));
        List<Forecast> stored;
        try {
            stored = ledger.recordForecasts(forecasts);
        } catch (ConflictException e) {
            throw BatchConflicts.locate(e, forecasts, f -> "forecast.v1:" + f.forecastId(), "forecast_id");
        }
        return ApiResponse.json(201, JsonOutput.write(out -> {
            out.beginArray();
            for (Forecast f : stored) {
                ForecastJson.write(out, f);
            }
            out.endArray();
        }));
    }
}
