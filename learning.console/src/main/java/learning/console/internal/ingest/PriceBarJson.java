package learning.console.internal.ingest;

import static learning.console.internal.validation.Check.field;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import learning.api.ValidationException;
import learning.api.ledger.PriceBar;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.Texts;
import learning.console.internal.validation.Check;

/** A batch of price bars of one asset and interval on the wire. */
final class PriceBarJson {
    /** The source recorded for bars that arrive through the REST API. */
    static final String SOURCE = "rest";

    // Case matters: a month ("1M" at some exchanges) must never be read as a minute.
    private static final Pattern INTERVAL = Pattern.compile("^[1-9][0-9]{0,3}[mhdw]$");

    /**
     * The request: asset and interval with their bars.
     *
     * @param asset upper case
     * @param interval the interval label
     * @param bars the bars, validated
     */
    record Batch(String asset, String interval, List<PriceBar> bars) {
    }

    private record RawBar(Instant openTime, Instant closeTime, Double open, Double high, Double low, Double close,
            Double volume) {
    }

    private PriceBarJson() {
    }

    /** Reads {@code {"asset","interval","bars":[{"open_time","close_time","open","high","low","close","volume"}]}}. */
    static Batch read(JsonInput in) throws IOException {
        String asset = null;
        String interval = null;
        List<RawBar> raw = null;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "asset" -> asset = in.string();
                case "interval" -> interval = in.string();
                case "bars" -> raw = BatchReader.read(in, "bars", PriceBarJson::readBar);
                default -> in.skipValue();
            }
        }
        in.endObject();
        String checkedAsset = Check.text("asset", asset, Limits.SYMBOL).strip().toUpperCase(Locale.ROOT);
        String checkedInterval = interval(interval);
        Check.present("bars", raw);
        Map<Instant, Integer> seen = new HashMap<>();
        PriceBar[] bars = new PriceBar[raw.size()];
        for (int i = 0; i < bars.length; i++) {
            bars[i] = validate("bars[" + i + "]", raw.get(i), checkedAsset, checkedInterval);
            Integer earlier = seen.putIfAbsent(bars[i].openTime(), i);
            if (earlier != null) {
                throw new ValidationException("bars[" + i + "].open_time",
                        "has the same open time as bars[" + earlier + "]");
            }
        }
        return new Batch(checkedAsset, checkedInterval, List.of(bars));
    }

    private static String interval(String value) {
        Check.text("interval", value, Limits.LABEL);
        if (!INTERVAL.matcher(value).matches()) {
            throw new ValidationException("interval",
                    "'" + Texts.excerpt(value) + "' is not an interval such as 5m, 1h, 4h, 1d or 1w");
        }
        return value;
    }

    private static RawBar readBar(JsonInput in, String at) throws IOException {
        Instant openTime = null;
        Instant closeTime = null;
        Double open = null;
        Double high = null;
        Double low = null;
        Double close = null;
        Double volume = null;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "open_time" -> openTime = in.instant();
                case "close_time" -> closeTime = in.instant();
                case "open" -> open = in.number();
                case "high" -> high = in.number();
                case "low" -> low = in.number();
                case "close" -> close = in.number();
                case "volume" -> volume = in.number();
                default -> in.skipValue();
            }
        }
        in.endObject();
        return new RawBar(openTime, closeTime, open, high, low, close, volume);
    }

    private static PriceBar validate(String at, RawBar b, String asset, String interval) {
        Instant openTime = Check.present(field(at, "open_time"), b.openTime());
        Instant closeTime = Check.present(field(at, "close_time"), b.closeTime());
        if (!closeTime.isAfter(openTime)) {
            throw new ValidationException(field(at, "close_time"), "must be after open_time");
        }
        double open = Check.positive(field(at, "open"), b.open());
        double high = Check.positive(field(at, "high"), b.high());
        double low = Check.positive(field(at, "low"), b.low());
        double close = Check.positive(field(at, "close"), b.close());
        double volume = Check.nonNegative(field(at, "volume"), b.volume());
        if (high < low) {
            throw new ValidationException(field(at, "high"), "must not be below low (" + low + ")");
        }
        if (open < low || open > high) {
            throw new ValidationException(field(at, "open"), "must lie between low and high");
        }
        if (close < low || close > high) {
            throw new ValidationException(field(at, "close"), "must lie between low and high");
        }
        return new PriceBar(asset, interval, openTime, closeTime, open, high, low, close, volume, SOURCE);
    }
}
