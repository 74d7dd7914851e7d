package learning.api.event;

/**
 * Event type names. They follow the original system's names so that an engine built like it can
 * feed and read this one.
 */
public final class EventTypes {
    /** A closed position attributed to its conviction (position level). */
    public static final String LEARNING_OUTCOME = "learning.outcome.v1";
    /** Producer karma updates for one closed trade. */
    public static final String ATTRIBUTION_OUTCOME = "attribution.outcome.v1";
    /** A producer's signal accepted into a trade (input). */
    public static final String SIGNAL_ACCEPTED = "attribution.signal_accepted.v1";
    /** A forecast (input, and the meta-producer's live output). */
    public static final String FORECAST = "forecast.v1";
    /** A resolved forecast. */
    public static final String FORECAST_OUTCOME = "forecast.outcome.v1";
    /** A weights cycle and every operator action on the weights (audit). */
    public static final String WEIGHT_ADJUSTMENT = "learning.weight_adjustment.v1";
    /** The report of a learning cycle run. */
    public static final String LEARNING_REPORT = "learning.report.v1";
    /** A position opened or updated (input). */
    public static final String POSITION_OPENED = "ledger.position_opened.v1";
    /** A position closed (input). */
    public static final String POSITION_CLOSED = "ledger.position_closed.v1";
    /** A conviction score with its domain scores (input). */
    public static final String CONVICTION = "ledger.conviction.v1";
    /** A producer health report (input). */
    public static final String PRODUCER_HEALTH = "ledger.producer_health.v1";
    /** A batch of price bars stored (input or fetched from a remote source). */
    public static final String PRICE_BARS = "ledger.price_bars.v1";
    /** A meta-producer mode switch (audit). */
    public static final String META_MODE = "meta.mode_changed.v1";
    /** A skill promoted or archived by corpus feedback. */
    public static final String SKILL_LIFECYCLE = "corpus.skill_lifecycle.v1";
    /** An operator action not covered by a more specific type (audit). */
    public static final String OPERATOR_AUDIT = "system.audit.v1";

    private EventTypes() {
    }
}
