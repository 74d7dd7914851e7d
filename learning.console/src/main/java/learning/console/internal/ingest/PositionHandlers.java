package learning.console.internal.ingest;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import learning.api.ConflictException;
import learning.api.NotFoundException;
import learning.api.ValidationException;
import learning.api.attribution.AttributionResult;
import learning.api.attribution.OutcomeAttributor;
import learning.api.ledger.InputLedger;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;
import learning.console.internal.json.Texts;
import learning.console.internal.json.WireTime;

/**
 * {@code POST /positions} (open or update an open position) and
 * {@code POST /positions/{id}/close} (close it and, when an attributor is running, attribute it).
 */
public final class PositionHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(PositionHandlers.class);

    private final InputLedger ledger;
    private final Supplier<OutcomeAttributor> attributor;

    /**
     * @param ledger the input ledger
     * @param attributor the current outcome attributor, or a supplier of null when none is running
     */
    public PositionHandlers(InputLedger ledger, Supplier<OutcomeAttributor> attributor) {
        this.ledger = ledger;
        this.attributor = attributor;
    }

    /**
     * @param request the request
     * @return 201 with the stored position
     */
    public ApiResponse open(ApiRequest request) {
        Position position = JsonInput.parse(request.body(), PositionJson::readOpen);
        Position stored = ledger.openPosition(position);
        return ApiResponse.json(201, JsonOutput.write(out -> {
            out.beginObject();
            PositionJson.writeMembers(out, stored);
            out.endObject();
        }));
    }

    /**
     * @param request the request
     * @return 200 with the closed position and, under {@code attribution}, what attributing it did
     *         (null when no attributor is running)
     */
    public ApiResponse close(ApiRequest request) {
        String id = request.pathParameter("id");
        PositionClose close = JsonInput.parse(request.body(), PositionJson::readClose);
        Position current = ledger.position(id)
                .orElseThrow(() -> new ValidationException("id", "no position has id '" + Texts.excerpt(id) + "'"));
        if (current.status() == PositionStatus.CLOSED) {
            throw new ConflictException("id", "position '" + Texts.excerpt(id) + "' is already closed");
        }
        if (current.openedAt() != null && close.closedAt().isBefore(current.openedAt())) {
            throw new ValidationException("closed_at", "must not be before opened_at ("
                    + WireTime.format(current.openedAt()) + ")");
        }
        Position closed;
        try {
            closed = ledger.closePosition(id, close);
        } catch (NotFoundException e) {
            // The id came with the request, so an unknown one is bad input rather than a missing page.
            throw new ValidationException("id", e.getMessage());
        }
        OutcomeAttributor running = attributor.get();
        AttributionResult attribution = null;
        boolean attributionFailed = false;
        if (running != null) {
            try {
                attribution = running.attribute(id);
            } catch (RuntimeException e) {
                // The close is stored; the daily sweep attributes it later, so the client still gets 200.
                LOG.warn("attributing closed position {} failed; the sweep will retry", id, e);
                attributionFailed = true;
            }
        }
        AttributionResult result = attribution;
        boolean failed = attributionFailed;
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            PositionJson.writeMembers(out, closed);
            out.name("attribution");
            if (result == null) {
                out.nullValue();
            } else {
                AttributionJson.write(out, result);
            }
            if (failed) {
                out.name("attribution_error").value("attribution failed; the attribution sweep will retry");
            }
            out.endObject();
        }));
    }
}
