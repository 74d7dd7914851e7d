package learning.replay.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import learning.api.ledger.PriceBar;

/**
 * The hourly price series a replay trades on: real bars first, then, when the real ones do not
 * cover the replay, bars built from a seeded block bootstrap of the real returns. Every bar's
 * {@code source} says which it is.
 *
 * @param asset the asset
 * @param hourly 1 h bars, contiguous, oldest first
 * @param realHours how many of them (the first ones) are real
 * @param description where the real bars came from and how the rest was made, for logs and reports
 */
public record PriceHistory(String asset, List<PriceBar> hourly, int realHours, String description) {
    /** The embedded real bars: ETH/USD 5-minute bars of Binance.US, 13 to 15 March 2023, from ta4j-examples 0.18 (MIT). */
    public static final String EMBEDDED_RESOURCE = "/ETH-USD-PT5M-2023-3-13_2023-3-15.json";
    /** Source label of the embedded bars. */
    public static final String EMBEDDED_SOURCE = "ta4j:ETH-USD-PT5M@BinanceUS";
    /** Bootstrap blocks are this many base bars long (2 hours of 5-minute bars): volatility clusters survive. */
    static final int BLOCK_MINUTES = 120;
    private static final Duration HOUR = Duration.ofHours(1);

    /** @return the embedded real ETH 5-minute bars */
    public static List<PriceBar> embeddedBars() {
        try (InputStream in = PriceHistory.class.getResourceAsStream(EMBEDDED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the embedded price resource " + EMBEDDED_RESOURCE + " is missing");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return PriceFiles.readJson("ta4j ETH-USD-PT5M", text, "ETH", EMBEDDED_SOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a price file, or null for the embedded bars
     * @param asset the asset (used for a file; the embedded bars are ETH)
     * @param hours how many hourly bars the replay needs
     * @param seed the bootstrap's seed
     * @return the series
     */
    public static PriceHistory load(Path file, String asset, int hours, long seed) {
        List<PriceBar> base = file == null ? embeddedBars() : PriceFiles.read(file, asset);
        String origin = file == null ? "real ETH/USD 5-minute bars of Binance.US, 2023-03-13 to 2023-03-15 "
                + "(ta4j-examples 0.18, MIT)" : "the bars of " + file.getFileName();
        return of(base, hours, seed, origin);
    }

    /**
     * @param base real bars of one interval that divides an hour, oldest first
     * @param hours how many hourly bars are needed
     * @param seed the bootstrap's seed
     * @param origin describes the real bars
     * @return real hourly bars, extended by the bootstrap to {@code hours} when they are fewer
     */
    public static PriceHistory of(List<PriceBar> base, int hours, long seed, String origin) {
        if (base.isEmpty()) {
            throw new PriceFileException("no bars");
        }
        Duration interval = Duration.between(base.get(0).openTime(), base.get(0).closeTime());
        if (interval.compareTo(HOUR) > 0 || HOUR.toMillis() % interval.toMillis() != 0) {
            throw new PriceFileException("the bars are " + PriceFiles.label(interval) + " apart; the replay needs bars"
                    + " of one hour or a whole fraction of one (1m, 5m, 15m, 30m, 1h)");
        }
        String asset = base.get(0).asset();
        List<PriceBar> real = hourly(base, asset, base.get(0).source());
        if (real.size() < 2) {
            throw new PriceFileException("the bars cover " + real.size() + " complete hour(s); at least 2 are needed");
        }
        if (real.size() >= hours) {
            return new PriceHistory(asset, List.copyOf(real.subList(0, hours)), hours,
                    origin + ", aggregated to 1 h");
        }
        String label = clip("bootstrap(seed=" + seed + ") of " + base.get(0).source());
        int perHour = (int) (HOUR.toMillis() / interval.toMillis());
        List<PriceBar> synthetic = bootstrap(base, (hours - real.size()) * perHour,
                real.get(real.size() - 1).closeTime(), real.get(real.size() - 1).close(), seed,
                Math.max(1, (int) (Duration.ofMinutes(BLOCK_MINUTES).toMillis() / interval.toMillis())), label);
        List<PriceBar> all = new ArrayList<>(real);
        all.addAll(hourly(synthetic, asset, label));
        return new PriceHistory(asset, List.copyOf(all), real.size(),
                origin + ", aggregated to 1 h (" + real.size() + " hours), extended by a block bootstrap of their"
                        + " demeaned log returns (seed " + seed + ", blocks of " + BLOCK_MINUTES + " minutes) to "
                        + all.size() + " hours; bootstrapped bars carry the source '" + label + "'");
    }

    /** The store keeps at most 64 characters of a bar's source. */
    static String clip(String source) {
        return source.length() <= 64 ? source : source.substring(0, 64);
    }

    /** Complete hours only: an hour is used when every one of its base bars is present. */
    static List<PriceBar> hourly(List<PriceBar> base, String asset, String source) {
        Duration interval = Duration.between(base.get(0).openTime(), base.get(0).closeTime());
        int perHour = (int) (HOUR.toMillis() / interval.toMillis());
        List<PriceBar> out = new ArrayList<>();
        int i = 0;
        while (i < base.size()) {
            Instant hourStart = Instant.ofEpochMilli(Math.floorDiv(base.get(i).openTime().toEpochMilli(),
                    HOUR.toMillis()) * HOUR.toMillis());
            int j = i;
            double high = Double.NEGATIVE_INFINITY;
            double low = Double.POSITIVE_INFINITY;
            double volume = 0;
            while (j < base.size() && base.get(j).openTime().isBefore(hourStart.plus(HOUR))) {
                high = Math.max(high, base.get(j).high());
                low = Math.min(low, base.get(j).low());
                volume += base.get(j).volume();
                j++;
            }
            boolean complete = j - i == perHour && base.get(i).openTime().equals(hourStart)
                    && base.get(j - 1).closeTime().equals(hourStart.plus(HOUR));
            if (complete) {
                out.add(new PriceBar(asset, "1h", hourStart, hourStart.plus(HOUR), base.get(i).open(), high, low,
                        base.get(j - 1).close(), volume, source));
            }
            i = j;
        }
        // Keep the longest contiguous run from the start: the replay needs one bar per hour.
        for (int k = 1; k < out.size(); k++) {
            if (!out.get(k).openTime().equals(out.get(k - 1).closeTime())) {
                return out.subList(0, k);
            }
        }
        return out;
    }

    /**
     * A moving block bootstrap of the base bars' log returns, with the mean return removed so the
     * synthetic path has no drift (a drift would make every long position a winner). Each
     * synthetic bar takes the return, the wicks (high and low beyond open and close, as ratios)
     * and the volume of one real bar; blocks keep runs of real bars together, so volatility
     * clusters survive.
     *
     * @param base the real bars
     * @param count how many synthetic base bars
     * @param start open time of the first
     * @param startPrice the price the path starts from
     * @param seed the seed: the same seed gives the same bars
     * @param block bars per block
     * @param source the bars' source label
     * @return synthetic bars of the base interval, contiguous from {@code start}
     */
    static List<PriceBar> bootstrap(List<PriceBar> base, int count, Instant start, double startPrice, long seed,
            int block, String source) {
        Duration interval = Duration.between(base.get(0).openTime(), base.get(0).closeTime());
        int n = base.size() - 1;
        double[] ret = new double[n];
        double[] up = new double[n];
        double[] down = new double[n];
        double[] vol = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            PriceBar prev = base.get(i);
            PriceBar b = base.get(i + 1);
            ret[i] = Math.log(b.close() / prev.close());
            up[i] = Math.log(b.high() / Math.max(b.open(), b.close()));
            down[i] = Math.log(Math.min(b.open(), b.close()) / b.low());
            vol[i] = b.volume();
            mean += ret[i];
        }
        mean /= n;
        int len = Math.min(block, n);
        SplittableRandom random = new SplittableRandom(seed);
        List<PriceBar> out = new ArrayList<>(count);
        double price = startPrice;
        Instant t = start;
        while (out.size() < count) {
            int from = random.nextInt(n - len + 1);
            for (int k = from; k < from + len && out.size() < count; k++) {
                double open = price;
                double close = open * Math.exp(ret[k] - mean);
                double high = Math.max(open, close) * Math.exp(up[k]);
                double low = Math.min(open, close) / Math.exp(down[k]);
                out.add(new PriceBar(base.get(0).asset(), PriceFiles.label(interval), t, t.plus(interval), open, high,
                        low, close, vol[k], source));
                price = close;
                t = t.plus(interval);
            }
        }
        return out;
    }
}
