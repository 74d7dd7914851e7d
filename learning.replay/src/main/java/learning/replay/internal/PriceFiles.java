package learning.replay.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import learning.api.ledger.PriceBar;

/**
 * Reads OHLCV bars from the files common exports write.
 *
 * <ul>
 * <li>CSV with a header line: a time column ({@code timestamp}, {@code open_time}, {@code time},
 * {@code date} or {@code datetime}), {@code open}, {@code high}, {@code low}, {@code close}, and
 * optionally {@code volume}; comma or semicolon separated; times as epoch seconds, epoch
 * milliseconds or ISO-8601 (a date-time without offset is UTC).</li>
 * <li>JSON: an array of objects with the same names; an array of Binance klines
 * {@code [openTime, "open", "high", "low", "close", "volume", closeTime, ...]}; or ta4j's
 * {@code {"ohlc": [{"endTime", "openPrice", "highPrice", "lowPrice", "closePrice", "volume"}]}}.</li>
 * </ul>
 *
 * The time is a bar's open time, except in the ta4j form, whose {@code endTime} is the last
 * millisecond of the bar. Bars must be in time order with one interval between open times (gaps
 * of whole intervals are allowed); every problem is reported with the line (CSV) or item (JSON)
 * and the field.
 */
public final class PriceFiles {
    private static final List<String> TIME_COLUMNS = List.of("timestamp", "open_time", "opentime", "time", "date",
            "datetime");

    private PriceFiles() {
    }

    /**
     * @param file a CSV ({@code .csv}, {@code .txt}) or JSON ({@code .json}) file
     * @param asset the asset the bars are for, upper-cased
     * @return the bars, oldest first, with their interval label and {@code source = "file:<name>"}
     * @throws PriceFileException when the file cannot be used, naming where and why
     */
    public static List<PriceBar> read(Path file, String asset) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PriceFileException(file + ": cannot be read: " + e.getMessage());
        }
        String name = file.getFileName().toString();
        String trimmed = text.stripLeading();
        List<Raw> raws = trimmed.startsWith("[") || trimmed.startsWith("{") ? json(name, trimmed) : csv(name, text);
        return bars(name, raws, asset.trim().toUpperCase(Locale.ROOT), PriceHistory.clip("file:" + name));
    }

    /**
     * Reads bars from JSON text (see the class comment), for embedded resources.
     *
     * @param name names the source in messages and in the bars' source field
     * @param text the JSON
     * @param asset the asset
     * @param source the bars' source label
     * @return the bars, oldest first
     */
    public static List<PriceBar> readJson(String name, String text, String asset, String source) {
        return bars(name, json(name, text.stripLeading()), asset.trim().toUpperCase(Locale.ROOT), source);
    }

    /** One row as read, before the interval is known. {@code where} names it in messages. */
    record Raw(String where, Instant time, boolean timeIsEnd, double open, double high, double low, double close,
            double volume) {
    }

    static List<Raw> csv(String name, String text) {
        List<String> lines = text.lines().toList();
        int headerLine = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                headerLine = i;
                break;
            }
        }
        if (headerLine < 0) {
            throw new PriceFileException(name + ": the file is empty");
        }
        String header = lines.get(headerLine);
        String sep = header.contains(";") && !header.contains(",") ? ";" : ",";
        String[] cols = header.split(sep, -1);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < cols.length; i++) {
            index.putIfAbsent(cols[i].trim().replace("\"", "").toLowerCase(Locale.ROOT), i);
        }
        Integer timeCol = null;
        for (String c : TIME_COLUMNS) {
            if (index.containsKey(c)) {
                timeCol = index.get(c);
                break;
            }
        }
        if (timeCol == null) {
            throw new PriceFileException(name + " line " + (headerLine + 1) + ": no time column in the header '"
                    + header.trim() + "': name one timestamp, open_time, time, date or datetime");
        }
        for (String c : List.of("open", "high", "low", "close")) {
            if (!index.containsKey(c)) {
                throw new PriceFileException(name + " line " + (headerLine + 1) + ": no '" + c
                        + "' column in the header '" + header.trim() + "'");
            }
        }
        Integer volCol = index.get("volume");
        List<Raw> out = new ArrayList<>();
        for (int i = headerLine + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = name + " line " + (i + 1);
            String[] f = line.split(sep, -1);
            if (f.length < cols.length) {
                throw new PriceFileException(where + ": " + f.length + " fields, the header has " + cols.length);
            }
            Instant t = time(where, "time", unquote(f[timeCol]));
            double open = number(where, "open", unquote(f[index.get("open")]));
            double high = number(where, "high", unquote(f[index.get("high")]));
            double low = number(where, "low", unquote(f[index.get("low")]));
            double close = number(where, "close", unquote(f[index.get("close")]));
            double volume = volCol == null || unquote(f[volCol]).isEmpty() ? 0 : number(where, "volume",
                    unquote(f[volCol]));
            out.add(new Raw(where, t, false, open, high, low, close, volume));
        }
        return out;
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).trim() : t;
    }

    static List<Raw> json(String name, String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new PriceFileException(name + ": not valid JSON: " + e.getMessage());
        }
        boolean ta4j = false;
        JsonArray items;
        if (root.isJsonObject() && root.getAsJsonObject().has("ohlc") && root.getAsJsonObject().get("ohlc").isJsonArray()) {
            items = root.getAsJsonObject().getAsJsonArray("ohlc");
            ta4j = true;
        } else if (root.isJsonArray()) {
            items = root.getAsJsonArray();
        } else {
            throw new PriceFileException(name + ": expected a JSON array of bars (objects or Binance klines),"
                    + " or an object with an 'ohlc' array");
        }
        List<Raw> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String where = name + " item " + i;
            JsonElement e = items.get(i);
            if (e.isJsonArray()) {
                JsonArray a = e.getAsJsonArray();
                if (a.size() < 6) {
                    throw new PriceFileException(where + ": a kline needs at least 6 fields [openTime, open, high,"
                            + " low, close, volume], this one has " + a.size());
                }
                out.add(new Raw(where, time(where, "[0] openTime", text(a.get(0))), false,
                        number(where, "[1] open", text(a.get(1))), number(where, "[2] high", text(a.get(2))),
                        number(where, "[3] low", text(a.get(3))), number(where, "[4] close", text(a.get(4))),
                        number(where, "[5] volume", text(a.get(5)))));
            } else if (e.isJsonObject()) {
                JsonObject o = e.getAsJsonObject();
                if (ta4j) {
                    out.add(new Raw(where, time(where, "endTime", field(o, where, "endTime")), true,
                            number(where, "openPrice", field(o, where, "openPrice")),
                            number(where, "highPrice", field(o, where, "highPrice")),
                            number(where, "lowPrice", field(o, where, "lowPrice")),
                            number(where, "closePrice", field(o, where, "closePrice")),
                            o.has("volume") ? number(where, "volume", text(o.get("volume"))) : 0));
                } else {
                    String timeField = null;
                    for (String c : TIME_COLUMNS) {
                        if (o.has(c)) {
                            timeField = c;
                            break;
                        }
                    }
                    if (timeField == null) {
                        throw new PriceFileException(where + ": no time field: name one timestamp, open_time, time,"
                                + " date or datetime");
                    }
                    out.add(new Raw(where, time(where, timeField, text(o.get(timeField))), false,
                            number(where, "open", field(o, where, "open")),
                            number(where, "high", field(o, where, "high")),
                            number(where, "low", field(o, where, "low")),
                            number(where, "close", field(o, where, "close")),
                            o.has("volume") && !o.get("volume").isJsonNull()
                                    ? number(where, "volume", text(o.get("volume"))) : 0));
                }
            } else {
                throw new PriceFileException(where + ": expected an object or a kline array, found " + e);
            }
        }
        return out;
    }

    private static String field(JsonObject o, String where, String name) {
        if (!o.has(name) || o.get(name).isJsonNull()) {
            throw new PriceFileException(where + ": the field '" + name + "' is missing");
        }
        return text(o.get(name));
    }

    private static String text(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "";
        }
        return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    static double number(String where, String field, String text) {
        if (text == null || text.isBlank()) {
            throw new PriceFileException(where + ": " + field + " is empty");
        }
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new PriceFileException(where + ": " + field + " '" + text + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new PriceFileException(where + ": " + field + " '" + text + "' is not a finite number");
        }
        return v;
    }

    /**
     * @return epoch seconds (up to 11 digits), epoch milliseconds (12 or 13 digits), or ISO-8601
     *         (with offset, or a local date-time or date taken as UTC)
     */
    static Instant time(String where, String field, String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new PriceFileException(where + ": " + field + " is empty");
        }
        if (t.matches("\\d{1,16}(\\.\\d+)?")) {
            double n = Double.parseDouble(t);
            long digits = t.indexOf('.') < 0 ? t.length() : t.indexOf('.');
            return digits >= 12 ? Instant.ofEpochMilli((long) n) : Instant.ofEpochMilli(Math.round(n * 1000));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e1) {
            try {
                return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw new PriceFileException(where + ": " + field + " '" + text
                            + "' is not a time: use epoch seconds, epoch milliseconds or ISO-8601");
                }
            }
        }
    }

    /** Checks prices and order, infers the interval and builds the bars. */
    static List<PriceBar> bars(String name, List<Raw> raws, String asset, String source) {
        if (raws.size() < 2) {
            throw new PriceFileException(name + ": " + raws.size() + " bar(s); at least 2 are needed");
        }
        for (Raw r : raws) {
            for (double[] p : new double[][] {{r.open()}, {r.high()}, {r.low()}, {r.close()}}) {
                if (p[0] <= 0) {
                    throw new PriceFileException(r.where() + ": prices must be positive (open " + r.open() + ", high "
                            + r.high() + ", low " + r.low() + ", close " + r.close() + ")");
                }
            }
            if (r.high() < Math.max(r.open(), r.close()) || r.low() > Math.min(r.open(), r.close())) {
                throw new PriceFileException(r.where() + ": high " + r.high() + " and low " + r.low()
                        + " do not contain open " + r.open() + " and close " + r.close());
            }
            if (r.volume() < 0) {
                throw new PriceFileException(r.where() + ": volume " + r.volume() + " is negative");
            }
        }
        Duration interval = null;
        for (int i = 1; i < raws.size(); i++) {
            Duration step = Duration.between(raws.get(i - 1).time(), raws.get(i).time());
            if (step.isNegative() || step.isZero()) {
                throw new PriceFileException(raws.get(i).where() + ": time " + raws.get(i).time() + " is not after "
                        + raws.get(i - 1).time() + " of the bar before: bars must be sorted oldest first, one per time");
            }
            if (interval == null || step.compareTo(interval) < 0) {
                interval = step;
            }
        }
        for (int i = 1; i < raws.size(); i++) {
            Duration step = Duration.between(raws.get(i - 1).time(), raws.get(i).time());
            if (step.toMillis() % interval.toMillis() != 0) {
                throw new PriceFileException(raws.get(i).where() + ": time " + raws.get(i).time() + " is "
                        + step + " after the bar before, not a whole number of the interval " + interval);
            }
        }
        boolean end = raws.get(0).timeIsEnd();
        String label = label(interval);
        List<PriceBar> out = new ArrayList<>(raws.size());
        for (Raw r : raws) {
            Instant open = end ? r.time().plusMillis(1).minus(interval) : r.time();
            out.add(new PriceBar(asset, label, open, open.plus(interval), r.open(), r.high(), r.low(), r.close(),
                    r.volume(), source));
        }
        return out;
    }

    /** @return {@code 5m}, {@code 1h}, {@code 1d} and the like */
    static String label(Duration d) {
        long m = d.toMinutes();
        if (m > 0 && m % (24 * 60) == 0) {
            return (m / (24 * 60)) + "d";
        }
        if (m > 0 && m % 60 == 0) {
            return (m / 60) + "h";
        }
        if (m > 0 && d.toSeconds() % 60 == 0) {
            return m + "m";
        }
        return d.toSeconds() + "s";
    }
}
