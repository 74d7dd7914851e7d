package learning.api.ledger;

/** What a forecast calls. On the wire: {@code long, short, flat, no_forecast}. */
public enum ForecastAction {
    /** The price will rise over the horizon. */
    LONG,
    /** The price will fall over the horizon. */
    SHORT,
    /** The price will stay within the flat band over the horizon. */
    FLAT,
    /** An abstention; never resolved. */
    NO_FORECAST;

    /** @return the wire name, lower case */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
