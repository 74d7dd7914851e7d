package learning.console.internal.ingest;

import learning.api.ledger.InputLedger;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;

/** {@code POST /prices}: bars of one asset and interval; bars already stored unchanged are skipped. */
public final class PriceBarHandler {
    private final InputLedger ledger;

    /**
     * @param ledger the input ledger
     */
    public PriceBarHandler(InputLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * @param request the request
     * @return 201 with {@code {"asset","interval","received","stored"}}; 409 when a stored bar
     *         has other values
     */
    public ApiResponse record(ApiRequest request) {
        PriceBarJson.Batch batch = JsonInput.parse(request.body(), PriceBarJson::read);
        int stored = ledger.recordPriceBars(batch.bars());
        return ApiResponse.json(201, JsonOutput.write(out -> {
            out.beginObject();
            out.name("asset").value(batch.asset());
            out.name("interval").value(batch.interval());
            out.name("received").value(batch.bars().size());
            out.name("stored").value(stored);
            out.endObject();
        }));
    }
}
