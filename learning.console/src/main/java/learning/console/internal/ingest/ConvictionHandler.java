package learning.console.internal.ingest;

import learning.api.ledger.Conviction;
import learning.api.ledger.InputLedger;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;

/** {@code POST /convictions}: a conviction score with its domain scores. */
public final class ConvictionHandler {
    private final InputLedger ledger;

    /**
     * @param ledger the input ledger
     */
    public ConvictionHandler(InputLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * @param request the request
     * @return 201 with the stored conviction; 409 when the id is stored with other content
     */
    public ApiResponse record(ApiRequest request) {
        Conviction conviction = JsonInput.parse(request.body(), ConvictionJson::read);
        Conviction stored = ledger.recordConviction(conviction);
        return ApiResponse.json(201, JsonOutput.write(out -> ConvictionJson.write(out, stored)));
    }
}
