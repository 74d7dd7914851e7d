package learning.console.internal.ingest;

import java.util.List;

import learning.api.ConflictException;
import learning.api.ledger.AcceptedSignal;
import learning.api.ledger.InputLedger;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;

/** {@code POST /signals/accepted}: a batch of accepted signals, stored whole or not at all. */
public final class AcceptedSignalHandler {
    private final InputLedger ledger;

    /**
     * @param ledger the input ledger
     */
    public AcceptedSignalHandler(InputLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * @param request the request
     * @return 201 with the stored signals, in order
     */
    public ApiResponse record(ApiRequest request) {
        List<AcceptedSignal> signals = JsonInput.parse(request.body(),
                in -> BatchReader.read(in, "", AcceptedSignalJson::read));
        List<AcceptedSignal> stored;
        try {
            stored = ledger.recordAcceptedSignals(signals);
        } catch (ConflictException e) {
            throw BatchConflicts.locate(e, signals,
                    s -> "signal_accepted:" + s.tradeId().strip() + ":" + s.signalEventId().strip(), "signal_event_id");
        }
        return ApiResponse.json(201, JsonOutput.write(out -> {
            out.beginArray();
            for (AcceptedSignal s : stored) {
                AcceptedSignalJson.write(out, s);
            }
            out.endArray();
        }));
    }
}
