package learning.console.internal.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import learning.api.ConflictException;
import learning.api.NotFoundException;
import learning.api.ValidationException;
import learning.api.attribution.AttributionResult;
import learning.api.attribution.OutcomeAttributor;
import learning.api.corpus.CorpusRun;
import learning.api.corpus.CorpusService;
import learning.api.karma.KarmaService;
import learning.api.karma.KarmaUpdate;
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
    private final Supplier<KarmaService> karma;
    private final Supplier<CorpusService> corpus;

    /**
     * @param ledger the input ledger
     * @param attributor the current outcome attributor, or a supplier of null when none is running
     * @param karma the karma service, or a supplier of null
     * @param corpus the corpus service, or a supplier of null
     */
    public PositionHandlers(InputLedger ledger, Supplier<OutcomeAttributor> attributor, Supplier<KarmaService> karma,
            Supplier<CorpusService> corpus) {
        this.ledger = ledger;
        this.attributor = attributor;
        this.karma = karma;
        this.corpus = corpus;
    }

    private static <S, R> R learn(String step, String positionId, S service, java.util.function.Function<S, R> call) {
        if (service == null) {
            return null;
        }
        try {
            return call.apply(service);
        } catch (RuntimeException e) {
            LOG.warn("{} of closed position {} failed; the sweep will retry", step, positionId, e);
            return null;
        }
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
        // Learning from the close is best effort: the close is stored, and the daily sweeps of
        // attribution, karma and corpus pick up whatever fails here, so the client still gets 200.
        AttributionResult attribution = learn("attribution", id, attributor.get(), a -> a.attribute(id));
        KarmaUpdate karmaUpdate = learn("karma", id, karma.get(), k -> k.applyTrade(id));
        CorpusRun corpusRun = learn("corpus", id, corpus.get(), c -> c.applyOutcome(id));
        List<String> failed = new ArrayList<>();
        boolean attributionFailed = attributor.get() != null && attribution == null;
        if (attributionFailed) {
            failed.add("attribution");
        }
        if (karma.get() != null && karmaUpdate == null) {
            failed.add("karma");
        }
        if (corpus.get() != null && corpusRun == null) {
            failed.add("corpus");
        }
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            PositionJson.writeMembers(out, closed);
            out.name("attribution");
            if (attribution == null) {
                out.nullValue();
            } else {
                AttributionJson.write(out, attribution);
            }
            out.name("karma");
            if (karmaUpdate == null) {
                out.nullValue();
            } else {
                LearningJson.karma(out, karmaUpdate);
            }
            out.name("corpus");
            if (corpusRun == null) {
                out.nullValue();
            } else {
                LearningJson.corpus(out, corpusRun);
            }
            if (attributionFailed) {
                out.name("attribution_error").value("attribution failed; the attribution sweep will retry");
            }
            if (!failed.isEmpty()) {
                out.name("learning_errors").value(String.join(", ", failed)
                        + " failed; the daily sweeps will retry");
            }
            out.endObject();
        }));
    }
}
