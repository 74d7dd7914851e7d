package learning.forecast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import learning.api.forecast.ResolutionRun;
import learning.api.ledger.ForecastAction;
import learning.api.ledger.PriceBar;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.util.converter.Converters;

/**
 * The Binance klines client against a local HTTP server serving answers in Binance's format
 * (12-field rows, prices as strings): paging, symbols, and every failure ending as "no price yet".
 * Nothing here reaches the internet.
 */
class BinanceKlinesPriceSourceTest {
    static final Instant NOW = Instant.parse("2026-01-05T15:00:00Z");
    static final long HOUR = 3_600_000L;

    HttpServer server;
    ExecutorService threads;
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    volatile Answer answer = this::synthetic;
    final MutableClock clock = new MutableClock(NOW);

    interface Answer {
        void answer(HttpExchange exchange, Map<String, String> query) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/api/v3/klines", exchange -> {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            requests.add(query);
            try {
                answer.answer(exchange, query);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    BinanceKlinesPriceSource source(String interval, int timeoutMs) {
        Map<String, Object> props = new HashMap<>();
        props.put("base.url", "http://127.0.0.1:" + server.getAddress().getPort());
        props.put("timeout.ms", timeoutMs);
        props.put("interval", interval);
        return new BinanceKlinesPriceSource(
                Converters.standardConverter().convert(props).to(BinanceKlinesPriceSource.Config.class), clock);
    }

    BinanceKlinesPriceSource source() {
        return source("1h", 2_000);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String part : raw.split("&")) {
                int eq = part.indexOf('=');
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The close of the hourly kline opening at {@code open}, as the synthetic server prices it. */
    static double close(long open) {
        return 100 + (open / HOUR) % 50;
    }

    /** Binance's answer for hourly klines: from the first hour at or after startTime, up to endTime and the limit. */
    void synthetic(HttpExchange exchange, Map<String, String> q) throws IOException {
        long start = Long.parseLong(q.get("startTime"));
        long end = Long.parseLong(q.getOrDefault("endTime", String.valueOf(Long.MAX_VALUE)));
        int limit = Integer.parseInt(q.getOrDefault("limit", "500"));
        StringBuilder b = new StringBuilder("[");
        int n = 0;
        for (long open = Math.floorDiv(start + HOUR - 1, HOUR) * HOUR; open <= end && n < limit
                && open <= clock.millis(); open += HOUR, n++) {
            double c = close(open);
            if (n > 0) {
                b.append(',');
            }
            b.append(String.format(Locale.ROOT, "[%d,\"%.8f\",\"%.8f\",\"%.8f\",\"%.8f\",\"%.8f\",%d,\"%.8f\",%d,\"%.8f\","
                    + "\"%.8f\",\"0\"]", open, c - 0.5, c + 1, c - 1, c, 12.5, open + HOUR - 1, 12.5 * c, 321, 6.0, 6.0 * c));
        }
        send(exchange, 200, b.append(']').toString());
    }

    @Test
    void recordedAnswerIsReadAsClosedBarsOfTheAsset() throws IOException {
        String recorded;
        try (InputStream in = getClass().getResourceAsStream("/binance/ethusdt-5m.json")) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        answer = (exchange, q) -> send(exchange, 200, recorded);
        clock.set(Instant.parse("2023-03-14T00:00:00Z"));
        BinanceKlinesPriceSource binance = source("5m", 2_000);
        List<PriceBar> bars = binance.bars("eth-usd", Instant.parse("2023-03-13T18:05:00Z"),
                Instant.parse("2023-03-13T21:00:00Z"));
        assertEquals(36, bars.size());
        PriceBar first = bars.get(0);
        assertEquals("ETH-USD", first.asset());
        assertEquals("5m", first.interval());
        assertEquals(Instant.parse("2023-03-13T18:00:00Z"), first.openTime());
        assertEquals(Instant.parse("2023-03-13T18:05:00Z"), first.closeTime());
        assertEquals(1673.58, first.open());
        assertEquals(1677.62, first.high());
        assertEquals(1672.44, first.low());
        assertEquals(1672.99, first.close());
        assertEquals("binance", first.source());
        assertEquals(1, requests.size());
        Map<String, String> q = requests.get(0);
        assertEquals("ETHUSDT", q.get("symbol"));
        assertEquals("5m", q.get("interval"));
        assertEquals("1678730400000", q.get("startTime"));
        assertEquals("1000", q.get("limit"));
        assertTrue(Long.parseLong(q.get("endTime")) >= Long.parseLong(q.get("startTime")));
    }

    @Test
    void symbolsMapToUsdtPairsWithoutTheReferencesPerpBug() {
        assertEquals("BTCUSDT", BinanceSymbols.of("BTC"));
        assertEquals("BTCUSDT", BinanceSymbols.of("btc-perp"));
        assertEquals("BTCUSDT", BinanceSymbols.of("BTCUSD"));
        assertEquals("BTCUSDT", BinanceSymbols.of("BTCUSDPERP"));
        assertEquals("BTCUSDT", BinanceSymbols.of("BTC/USDT"));
        assertEquals("ETHUSDT", BinanceSymbols.of("eth/usd"));
        assertNull(BinanceSymbols.of("--"));
    }

    @Test
    void aLongRangeIsFetchedInPagesOfAThousandBarsAndTheLastPageAnswersWhatFollows() {
        BinanceKlinesPriceSource binance = source();
        Instant from = NOW.minus(Duration.ofHours(2_500));
        List<PriceBar> bars = binance.bars("BTC", from, NOW);
        assertEquals(2_501, bars.size());
        assertEquals(3, requests.size());
        for (int i = 1; i < bars.size(); i++) {
            assertEquals(bars.get(i - 1).closeTime(), bars.get(i).openTime());
        }
        PriceBar last = bars.get(bars.size() - 1);
        assertEquals(NOW, last.closeTime());
        assertEquals(close(last.openTime().toEpochMilli()), last.close());
        // a range inside the last page costs nothing more
        assertEquals(11, binance.bars("BTC", NOW.minus(Duration.ofHours(10)), NOW).size());
        assertEquals(3, requests.size());
    }

    @Test
    void aKlineThatHasNotClosedYetIsNotAnswered() {
        clock.set(NOW.plus(Duration.ofMinutes(20)));
        List<PriceBar> bars = source().bars("BTC", NOW.minus(Duration.ofHours(3)), NOW.plus(Duration.ofHours(1)));
        assertEquals(NOW, bars.get(bars.size() - 1).closeTime(), "the 15:00-16:00 kline is still open at 15:20");
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 418})
    void rateLimitAnswersNothingAndStopsRequestsUntilRetryAfter(int status) {
        answer = (exchange, q) -> {
            exchange.getResponseHeaders().set("Retry-After", "30");
            send(exchange, status, "{\"code\":-1003,\"msg\":\"Too many requests\"}");
        };
        BinanceKlinesPriceSource binance = source();
        assertTrue(binance.bars("BTC", NOW.minus(Duration.ofHours(5)), NOW).isEmpty());
        assertEquals(1, requests.size());
        assertEquals(1, binance.transientFailures());
        answer = this::synthetic;
        clock.advance(Duration.ofSeconds(20));
        assertTrue(binance.bars("BTC", NOW.minus(Duration.ofHours(5)), NOW).isEmpty(), "still backing off");
        assertEquals(1, requests.size(), "no request while backing off");
        assertEquals(2, binance.transientFailures());
        clock.advance(Duration.ofSeconds(11));
        assertEquals(6, binance.bars("BTC", NOW.minus(Duration.ofHours(5)), NOW).size());
        assertEquals(2, requests.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>busy</html>", "{\"code\":-1,\"msg\":\"oops\"}", "[[1736085600000,\"abc\"]]",
            "[[1736085600000,\"100\",\"99\",\"101\",\"100\",\"1\",1736089199999,\"1\",1,\"1\",\"1\",\"0\"]]",
            "[[1736085600000,\"-5\",\"1\",\"-6\",\"-5\",\"1\",1736089199999,\"1\",1,\"1\",\"1\",\"0\"]]", ""})
    void malformedBodyAnswersNoBarsNeverAWrongOne(String body) {
        answer = (exchange, q) -> send(exchange, 200, body);
        BinanceKlinesPriceSource binance = source();
        assertTrue(binance.bars("BTC", NOW.minus(Duration.ofHours(5)), NOW).isEmpty());
        assertEquals(1, binance.transientFailures());
    }

    @Test
    void slowAnswerTimesOutAsNoBars() {
        answer = (exchange, q) -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synthetic(exchange, q);
        };
        BinanceKlinesPriceSource binance = source("1h", 300);
        long t0 = System.nanoTime();
        assertTrue(binance.bars("BTC", NOW.minus(Duration.ofHours(5)), NOW).isEmpty());
        assertTrue(System.nanoTime() - t0 < 2_500_000_000L, "gave up at the timeout");
        assertEquals(1, binance.transientFailures());
    }

    @Test
    void unknownSymbolIsNoBarsButNotATransientFailure() {
        answer = (exchange, q) -> send(exchange, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        BinanceKlinesPriceSource binance = source();
        assertTrue(binance.bars("NOPE", NOW.minus(Duration.ofHours(5)), NOW).isEmpty());
        assertEquals(0, binance.transientFailures());
    }

    @Test
    void disabledSourceMakesNoRequests() {
        Map<String, Object> props = new HashMap<>();
        props.put("enabled", false);
        props.put("base.url", "http://127.0.0.1:" + server.getAddress().getPort());
        BinanceKlinesPriceSource binance = new BinanceKlinesPriceSource(
                Converters.standardConverter().convert(props).to(BinanceKlinesPriceSource.Config.class), clock);
        assertTrue(binance.bars("BTC", NOW.minus(Duration.ofHours(5)), NOW).isEmpty());
        assertTrue(requests.isEmpty());
    }

    // ---- through the resolver -------------------------------------------------------------------

    @Test
    void resolverTakesMissingPricesFromBinanceAndStoresThemSoTheAnswerIsReproducible() {
        try (Fixture fx = new Fixture()) {
            fx.sources.add(new LocalBarsPriceSource(fx.store.ledger()));
            fx.sources.add(source());
            Instant made = NOW.minus(Duration.ofHours(5));
            fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, made);
            fx.forecast("BTC", "1h", ForecastAction.SHORT, 0.6, made.plus(Duration.ofMinutes(30)));
            ResolutionRun run = fx.resolver().resolveDue(NOW);
            assertEquals(2, run.resolved());
            assertEquals(1, requests.size(), "one request for the batch of one asset");
            var outcome = Fixture.payload(fx.outcomeEvents().stream()
                    .filter(e -> Fixture.payload(e).get("horizon").getAsString().equals("4h")).findFirst().orElseThrow());
            // the kline opening at 09:00 closes at 10:00, the forecast's time; the target 14:00 is the 13:00 kline's close
            assertEquals(close(made.minus(Duration.ofHours(1)).toEpochMilli()), outcome.get("forecast_price").getAsDouble());
            assertEquals(close(made.plus(Duration.ofHours(3)).toEpochMilli()), outcome.get("actual_price").getAsDouble());
            assertTrue(fx.store.ledger().bars("BTC", "1h", made, NOW).size() >= 5, "stored locally");

            // Binance down: the same forecast again is answered from the stored bars, identically
            answer = (exchange, q) -> send(exchange, 500, "");
            fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, made);
            assertEquals(1, fx.resolver().resolveDue(NOW.plus(Duration.ofMinutes(10))).resolved());
            assertEquals(1, requests.size());
            fx.outcomeEvents().stream().map(Fixture::payload).filter(p -> p.get("horizon").getAsString().equals("4h"))
                    .forEach(p -> assertEquals(outcome.get("forecast_price").getAsDouble(),
                            p.get("forecast_price").getAsDouble()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"429", "418", "malformed", "timeout", "500"})
    void everyBinanceFailureEndsAsNoPriceYetNeverAWrongPrice(String failure) {
        answer = (exchange, q) -> {
            switch (failure) {
                case "429", "418" -> {
                    exchange.getResponseHeaders().set("Retry-After", "60");
                    send(exchange, Integer.parseInt(failure), "{\"code\":-1003}");
                }
                case "malformed" -> send(exchange, 200, "[[\"not\",\"a\",\"kline\"]]");
                case "timeout" -> {
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    synthetic(exchange, q);
                }
                default -> send(exchange, 500, "{\"code\":-1000}");
            }
        };
        try (Fixture fx = new Fixture()) {
            fx.sources.add(source("1h", 300));
            // old enough to be given up, were "no bars" taken as final
            Instant made = NOW.minus(Duration.ofDays(9));
            fx.forecast("BTC", "4h", ForecastAction.LONG, 0.7, made);
            ResolutionRun run = fx.resolver().resolveDue(NOW);
            assertEquals(0, run.resolved());
            assertEquals(1, run.missingPrice());
            assertEquals(0, run.unresolvable());
            assertTrue(fx.outcomeEvents().isEmpty());
            assertTrue(fx.store.ledger().bars("BTC", null, made.minus(Duration.ofDays(2)), NOW).isEmpty());
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant i) {
            now = i;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
