package learning.forecast.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import learning.api.ledger.Horizon;
import learning.api.ledger.PriceBar;
import learning.api.price.PriceSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bars from Binance's public klines endpoint ({@code GET /api/v3/klines}), the remote fallback
 * behind the local bars. It reads a whole page of up to 1,000 bars per request from the start of
 * what is asked and keeps the last page of each symbol, so a resolver walking forward through a
 * batch of forecasts of one asset costs as few requests as the range needs. It answers only bars
 * that have closed, and answers nothing rather than anything doubtful: a rate limit (429, 418)
 * stops all requests until its Retry-After has passed, and a timeout, a server error or a body
 * that is not a well-formed klines array gives no bars for now. Each of these counts as a
 * transient failure, so the resolver does not give forecasts up because of it.
 */
@Component(service = PriceSource.class, immediate = true, configurationPid = BinanceKlinesPriceSource.PID,
        property = "service.ranking:Integer=0")
@Designate(ocd = BinanceKlinesPriceSource.Config.class)
public class BinanceKlinesPriceSource implements PriceSource, TransientFailures {
    static final String PID = "learning.forecast.binance";
    static final String NAME = "binance";
    static final int PAGE = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(BinanceKlinesPriceSource.class);
    private static final Duration DEFAULT_429_BACKOFF = Duration.ofSeconds(60);
    private static final Duration DEFAULT_418_BACKOFF = Duration.ofMinutes(5);
    private static final int CACHED_SYMBOLS = 64;

    /** The Binance client's settings. */
    @ObjectClassDefinition(name = "Learning engine Binance klines price source",
            description = "The remote price source behind the local bars: Binance public klines.")
    public @interface Config {
        /** @return whether requests are made at all */
        @AttributeDefinition(name = "Enabled", description = "When false the source answers no bars and makes no requests.")
        boolean enabled() default true;

        /** @return the API's base URL */
        @AttributeDefinition(name = "Base URL", description = "Scheme, host and optional port of the Binance API.")
        String base_url() default "https://api.binance.com";

        /** @return connect and request timeout in milliseconds */
        @AttributeDefinition(name = "Timeout (ms)", description = "Connect and response timeout of each request.")
        int timeout_ms() default 5000;

        /** @return the kline interval */
        @AttributeDefinition(name = "Interval", description = "Kline interval: 1m, 5m, 15m, 30m, 1h, 4h, 1d, ...")
        String interval() default "1h";
    }

    /** Validated settings. */
    record Settings(boolean enabled, URI baseUrl, Duration timeout, String interval, long intervalMillis) {
        static Settings of(Config c) {
            String base = c.base_url() == null ? "" : c.base_url().trim();
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            URI uri = URI.create(base);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("base.url must be an absolute http(s) URL, not '" + c.base_url() + "'");
            }
            if (c.timeout_ms() < 1) {
                throw new IllegalArgumentException("timeout.ms must be at least 1");
            }
            Horizon h = Horizon.parse(c.interval());
            return new Settings(c.enabled(), uri, Duration.ofMillis(c.timeout_ms()), h.label(), h.duration().toMillis());
        }
    }

    /** One fetched page: every closed bar whose open time lies in [fromOpen, toOpen], oldest first. */
    private record Page(String interval, long fromOpen, long toOpen, List<PriceBar> bars) {
    }

    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private final Map<String, Page> lastPage = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Page> eldest) {
            return size() > CACHED_SYMBOLS;
        }
    };
    private volatile Settings settings;
    private volatile HttpClient http;
    private volatile long backoffUntilMillis;

    /** @param config the settings */
    @Activate
    public BinanceKlinesPriceSource(Config config) {
        this(config, Clock.systemUTC());
    }

    BinanceKlinesPriceSource(Config config, Clock clock) {
        this.clock = clock;
        configure(config);
    }

    @Modified
    void configure(Config config) {
        try {
            Settings s = Settings.of(config);
            http = HttpClient.newBuilder().connectTimeout(s.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
            settings = s;
            synchronized (lastPage) {
                lastPage.clear();
            }
            LOG.info("binance price source: {}", s);
        } catch (IllegalArgumentException e) {
            if (settings == null) {
                settings = new Settings(false, URI.create("https://api.binance.com"), Duration.ofSeconds(5), "1h", 3_600_000L);
                http = HttpClient.newHttpClient();
                LOG.error("binance configuration refused, the source is disabled: {}", e.getMessage());
            } else {
                LOG.error("binance configuration refused, the previous one stays in force: {}", e.getMessage());
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    @Override
    public long transientFailures() {
        return failures.get();
    }

    /** @return until when no request is made because Binance asked us to back off */
    Instant backoffUntil() {
        return Instant.ofEpochMilli(backoffUntilMillis);
    }

    @Override
    public List<PriceBar> bars(String asset, Instant closeFromInclusive, Instant closeToInclusive) {
        Settings s = settings;
        String symbol = BinanceSymbols.of(asset);
        if (!s.enabled() || symbol == null) {
            return List.of();
        }
        long now = clock.millis();
        long interval = s.intervalMillis();
        // Binance filters on open time; our bars close at open + interval (its closeTime + 1 ms).
        long openFrom = closeFromInclusive.toEpochMilli() - interval;
        long openTo = Math.min(closeToInclusive.toEpochMilli(), now) - interval;
        List<PriceBar> out = new ArrayList<>();
        long cursor = openFrom;
        while (cursor <= openTo) {
            Page page = cached(symbol, s.interval(), cursor);
            if (page == null) {
                page = fetch(s, asset, symbol, cursor, now);
                if (page == null) {
                    break;
                }
            }
            for (PriceBar b : page.bars()) {
                long open = b.openTime().toEpochMilli();
                if (open >= cursor && open <= openTo) {
                    out.add(b);
                }
            }
            if (page.toOpen() < cursor) {
                break;
            }
            cursor = page.toOpen() + 1;
        }
        return out;
    }

    private Page cached(String symbol, String interval, long cursor) {
        synchronized (lastPage) {
            Page p = lastPage.get(symbol);
            return p != null && p.interval().equals(interval) && p.fromOpen() <= cursor && cursor <= p.toOpen() ? p : null;
        }
    }

    /** @return the page of up to 1,000 bars opening at or after {@code startOpen}, or null when none can be had now */
    private Page fetch(Settings s, String asset, String symbol, long startOpen, long now) {
        if (now < backoffUntilMillis) {
            failures.incrementAndGet();
            return null;
        }
        long interval = s.intervalMillis();
        // Everything that has closed by now, a full page ahead: the next asks of the batch come from here.
        long endOpen = Math.min(startOpen + PAGE * interval - 1, now - interval);
        if (endOpen < startOpen) {
            return null;
        }
        URI uri = URI.create(s.baseUrl() + "/api/v3/klines?symbol=" + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                + "&interval=" + s.interval() + "&startTime=" + startOpen + "&endTime=" + endOpen + "&limit=" + PAGE);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(s.timeout()).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return failed("binance: no answer within {} ms for {}", s.timeout().toMillis(), symbol);
        } catch (IOException e) {
            return failed("binance: request for {} failed: {}", symbol, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("binance: interrupted while asking for {}", symbol, "");
        }
        int status = response.statusCode();
        if (status == 429 || status == 418) {
            Duration wait = retryAfter(response, status == 429 ? DEFAULT_429_BACKOFF : DEFAULT_418_BACKOFF);
            backoffUntilMillis = Math.max(backoffUntilMillis, clock.millis() + wait.toMillis());
            return failed("binance: answered {}; no requests until {}", status, backoffUntil());
        }
        if (status == 400) {
            // Binance's answer to an unknown symbol: there are no bars to be had, which is not a passing failure.
            LOG.info("binance: {} refused ({}): {}", symbol, status, abbreviate(response.body()));
            return null;
        }
        if (status != 200) {
            return failed("binance: answered {} for {}", status, symbol);
        }
        List<PriceBar> bars;
        try {
            bars = parse(response.body(), asset.toUpperCase(Locale.ROOT), s.interval(), interval, now);
        } catch (IllegalArgumentException e) {
            return failed("binance: malformed klines for {}: {}", symbol, e.getMessage());
        }
        Page page = new Page(s.interval(), startOpen, endOpen, bars);
        synchronized (lastPage) {
            lastPage.put(symbol, page);
        }
        return page;
    }

    private Page failed(String message, Object a, Object b) {
        failures.incrementAndGet();
        LOG.warn(message, a, b);
        return null;
    }

    private static Duration retryAfter(HttpResponse<?> response, Duration fallback) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return fallback;
            }
        }).orElse(fallback);
    }

    /**
     * Reads a klines answer: an array of rows {@code [openTime, open, high, low, close, volume,
     * closeTime, ...]} with prices as strings. Rows that have not closed by now are left out (their
     * close is not final). Any row that is not a sound bar refuses the whole answer.
     *
     * @throws IllegalArgumentException when the body is not such an array
     */
    static List<PriceBar> parse(String body, String asset, String intervalLabel, long intervalMillis, long now) {
        JsonElement root;
        try {
            root = JsonParser.parseString(body);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (!root.isJsonArray()) {
            throw new IllegalArgumentException("not an array");
        }
        List<PriceBar> out = new ArrayList<>();
        long previousOpen = Long.MIN_VALUE;
        for (JsonElement e : root.getAsJsonArray()) {
            if (!e.isJsonArray() || e.getAsJsonArray().size() < 7) {
                throw new IllegalArgumentException("a row is not an array of at least 7 fields");
            }
            JsonArray row = e.getAsJsonArray();
            long open = whole(row.get(0));
            double o = price(row.get(1));
            double h = price(row.get(2));
            double l = price(row.get(3));
            double c = price(row.get(4));
            double v = number(row.get(5));
            long close = whole(row.get(6)) + 1;
            if (open <= previousOpen || close <= open || close - open > intervalMillis + 1_000) {
                throw new IllegalArgumentException("row times out of order or not one interval apart");
            }
            if (l > Math.min(o, c) || h < Math.max(o, c) || v < 0) {
                throw new IllegalArgumentException("row with low above or high below open/close, or negative volume");
            }
            previousOpen = open;
            if (close > now) {
                continue;
            }
            out.add(new PriceBar(asset, intervalLabel, Instant.ofEpochMilli(open), Instant.ofEpochMilli(close), o, h, l, c,
                    v, NAME));
        }
        return out;
    }

    private static long whole(JsonElement e) {
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw new IllegalArgumentException("a time is not a number");
        }
        try {
            return Long.parseLong(p.getAsString());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("a time is not a whole number");
        }
    }

    private static double number(JsonElement e) {
        if (!(e instanceof JsonPrimitive p) || !(p.isString() || p.isNumber())) {
            throw new IllegalArgumentException("a value is neither a string nor a number");
        }
        double d;
        try {
            d = Double.parseDouble(p.getAsString().trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("a value is not a number");
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("a value is not finite");
        }
        return d;
    }

    private static double price(JsonElement e) {
        double d = number(e);
        if (d <= 0) {
            throw new IllegalArgumentException("a price is not positive");
        }
        return d;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
