package learning.api.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The input ledger the trading engine writes. Every write validates its input and throws
 * {@link learning.api.ValidationException} naming the field before anything is stored; a batch
 * is stored whole or not at all. Writes also append the matching input event to the event log in
 * the same transaction. Calls made inside {@code LearningDatabase.inTransaction} join that
 * transaction.
 */
@ProviderType
public interface InputLedger {
    /**
     * Opens a position, or updates an open one with the same id. The status of the argument is
     * ignored (the position is open).
     *
     * @param position the position; {@code closedAt}, {@code realizedPnl} and {@code exitPrice} must be null
     * @return the stored position
     * @throws learning.api.ConflictException when a closed position has this id
     */
    Position openPosition(Position position);

    /**
     * Closes an open position.
     *
     * @param positionId the position's id
     * @param close when and with what result
     * @return the closed position
     * @throws learning.api.NotFoundException (field {@code id}) when no position has this id
     * @throws learning.api.ConflictException when it is already closed; nothing is written
     */
    Position closePosition(String positionId, PositionClose close);

    /**
     * @param positionId a position id
     * @return the position, if stored
     */
    Optional<Position> position(String positionId);

    /**
     * @param fromInclusive start of the window (UTC)
     * @param toInclusive end of the window (UTC)
     * @return closed positions with {@code fromInclusive <= closed_at <= toInclusive}, oldest first
     */
    List<Position> positionsClosedBetween(Instant fromInclusive, Instant toInclusive);

    /** @return the earliest {@code closed_at} of any closed position, if there is one */
    Optional<Instant> firstClosedAt();

    /**
     * Stores a conviction with its domain scores, skills and patterns. Storing the same
     * conviction again changes nothing.
     *
     * @param conviction the conviction; outcome fields must be null
     * @return the stored conviction
     * @throws learning.api.ConflictException when the id is stored with other content
     */
    Conviction recordConviction(Conviction conviction);

    /**
     * @param convictionId a conviction id
     * @return the conviction with its domain scores, skills, patterns and outcome, if stored
     */
    Optional<Conviction> conviction(String convictionId);

    /**
     * Records the realized outcome of a conviction.
     *
     * @param convictionId the conviction
     * @param realizedPnl the PnL in USD of the position it opened
     * @param outcomeTs when it was attributed
     * @throws learning.api.NotFoundException when the conviction is unknown
     */
    void recordConvictionOutcome(String convictionId, double realizedPnl, Instant outcomeTs);

    /**
     * Records the realized outcomes of several convictions at once, in one transaction (or in the
     * caller's): all of them or, when one is refused, none.
     *
     * @param outcomes the outcomes, each naming a stored conviction
     * @throws learning.api.NotFoundException when a conviction is unknown (the field names its
     *         index, {@code [i].conviction_id})
     * @throws learning.api.ValidationException when a PnL is not finite or an instant is missing
     */
    void recordConvictionOutcomes(List<ConvictionOutcome> outcomes);

    /**
     * Stores a batch of accepted signals, each as an {@code attribution.signal_accepted.v1} event
     * with dedupe key {@code signal_accepted:{trade_id}:{signal_event_id}}. Items already stored
     * with the same content are returned unchanged.
     *
     * @param signals the batch
     * @return the stored signals, in order
     */
    List<AcceptedSignal> recordAcceptedSignals(List<AcceptedSignal> signals);

    /**
     * @param tradeId a position id
     * @return the accepted signals of that trade, in the order they were stored
     */
    List<AcceptedSignal> acceptedSignals(String tradeId);

    /**
     * Stores a batch of forecasts, each as a {@code forecast.v1} event with dedupe key
     * {@code forecast.v1:{forecast_id}}. A forecast id already stored with the same content is
     * returned unchanged; with other content the whole batch is refused.
     *
     * @param forecasts the batch, at most 10,000 items
     * @return the stored forecasts with their event ids, in order
     */
    List<Forecast> recordForecasts(List<Forecast> forecasts);

    /**
     * @param since only forecasts made at or after this instant, or null
     * @param limit at most this many, newest first
     * @return stored forecasts
     */
    List<Forecast> forecasts(Instant since, int limit);

    /**
     * Stores bars of one asset and interval. A bar whose open time is already stored with the same
     * values is skipped; with other values the batch is refused.
     *
     * @param bars the bars, all of one asset and interval, no two with the same open time
     * @return how many bars were new
     */
    int recordPriceBars(List<PriceBar> bars);

    /**
     * @param asset the asset, any case
     * @param interval the interval label, or null for every interval
     * @param closeFromInclusive earliest close time
     * @param closeToInclusive latest close time
     * @return bars whose close time lies in the range, oldest first
     */
    List<PriceBar> bars(String asset, String interval, Instant closeFromInclusive, Instant closeToInclusive);

    /**
     * Stores a producer health report, replacing the previous one.
     *
     * @param health the report
     * @return the stored report
     */
    ProducerHealth reportProducerHealth(ProducerHealth health);

    /** @return the latest health report of every producer, by name */
    List<ProducerHealth> producerHealth();

    /** @return row counts of the ledger tables, by table name, for status pages and metrics */
    Map<String, Long> counts();
}
