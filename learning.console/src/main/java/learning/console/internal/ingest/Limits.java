package learning.console.internal.ingest;

/** Length limits of text fields, so that no value can overflow a database column. */
final class Limits {
    /** Ids of positions, convictions, forecasts, signals, cycles and producers. */
    static final int ID = 128;
    /** Assets and symbols. */
    static final int SYMBOL = 64;
    /** Short labels: regimes, domains, intervals, horizons. */
    static final int LABEL = 64;
    /** Forecast sources (producer name and version), skill and pattern names. */
    static final int NAME = 256;

    private Limits() {
    }
}
