package learning.api.ledger;

/** What a forecast calls. On the wire: {@code long, short, flat, no_forecast}. */
public enum ForecastAction {
    /** The price will rise over the horizon. */
    LONG("long"),
    /** The price will fall over the horizon. */
    SHORT("short"),
    /** The price will stay within the flat band over the horizon. */
    FLAT("flat"),
    /** An abstention; never resolved. */
    NO_FORECAST("no_forecast");

    private final String wireName;

    ForecastAction(String wireName) {
        this.wireName = wireName;
    }

    /** @return the wire name, lower case */
    public String wireName() {
        return wireName;
    }
}
