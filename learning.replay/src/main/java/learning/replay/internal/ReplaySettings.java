package learning.replay.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import learning.api.ledger.Horizon;

/**
 * What a replay simulates and how fast. Building one checks everything.
 *
 * @param seed seeds the bootstrap and every producer's draws: the same settings give the same replay
 * @param days simulated days of trading (decisions); outcomes of the last day resolve in one more day
 * @param priceFile a price file of the user's, or null for the embedded ETH bars
 * @param asset the asset traded (the embedded bars are ETH)
 * @param speed simulated time per wall-clock second, or null for as fast as possible
 * @param producers the simulated producers
 * @param decideEveryHours a conviction, and a position, every this many hours
 * @param holdHours how long each position is held, which is also the horizon of the calls behind a conviction
 * @param forecastEveryHours every producer forecasts every this many hours, at every horizon
 * @param horizons the forecast horizons
 * @param resolveEveryHours the resolver runs every this many simulated hours (aggregate and meta every
 *        {@link Replay#META_EVERY_HOURS})
 * @param sweepEveryHours attribution and karma sweeps run every this many simulated hours
 * @param corpusEveryHours the corpus cycle runs every this many simulated hours
 * @param weightsEveryDays the weights cycle runs every this many simulated days
 * @param sizeUsd the base position size in USD; a position's size is this times twice the conviction
 * @param skills whether convictions reference the replay's skill files
 */
public record ReplaySettings(long seed, int days, Path priceFile, String asset, Duration speed,
        List<SimProducer> producers, int decideEveryHours, int holdHours, int forecastEveryHours, List<Horizon> horizons,
        int resolveEveryHours, int sweepEveryHours, int corpusEveryHours, int weightsEveryDays, double sizeUsd,
        boolean skills) {

    /** Hours of bars before the first decision (trailing return for the regime label). */
    public static final int WARMUP_HOURS = 24;

    public ReplaySettings {
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException("days must lie in [1, 3650], not " + days);
        }
        if (asset == null || !asset.trim().matches("[A-Za-z0-9]{1,20}")) {
            throw new IllegalArgumentException("asset must be 1 to 20 letters or digits, not '" + asset + "'");
        }
        asset = asset.trim().toUpperCase(Locale.ROOT);
        if (producers == null || producers.isEmpty()) {
            throw new IllegalArgumentException("producers: at least one is needed");
        }
        producers = List.copyOf(producers);
        horizons = List.copyOf(horizons);
        if (horizons.isEmpty()) {
            throw new IllegalArgumentException("horizons: at least one is needed");
        }
        for (Horizon h : horizons) {
            if (h.duration().toMinutes() % 60 != 0) {
                throw new IllegalArgumentException("horizons must be whole hours, not " + h.label());
            }
        }
        positive("decide.every.hours", decideEveryHours, 24 * 30);
        positive("hold.hours", holdHours, 24 * 30);
        positive("forecast.every.hours", forecastEveryHours, 24 * 30);
        positive("resolve.every.hours", resolveEveryHours, 24 * 30);
        positive("sweep.every.hours", sweepEveryHours, 24 * 30);
        positive("corpus.every.hours", corpusEveryHours, 24 * 30);
        positive("weights.every.days", weightsEveryDays, 365);
        if (!(sizeUsd > 0) || Double.isInfinite(sizeUsd)) {
            throw new IllegalArgumentException("size.usd must be positive, not " + sizeUsd);
        }
        if (speed != null && (speed.isZero() || speed.isNegative())) {
            throw new IllegalArgumentException("speed must be positive or 'max'");
        }
    }

    private static void positive(String name, int v, int max) {
        if (v < 1 || v > max) {
            throw new IllegalArgumentException(name + " must lie in [1, " + max + "], not " + v);
        }
    }

    /**
     * @return the defaults: seed 42, 365 days, embedded ETH bars, as fast as possible, {@link SimProducer#DEFAULT_MIX},
     *         a position every 2 hours held 4, forecasts every 6 hours at 1h, 4h and 24h, resolve every 12 hours
     */
    public static ReplaySettings defaults() {
        return new ReplaySettings(42, 365, null, "ETH", null, SimProducer.parse(SimProducer.DEFAULT_MIX), 2, 4, 6,
                horizons("1h,4h,24h"), 12, 24, 24, 7, 1000, true);
    }

    /** @return these settings with another seed */
    public ReplaySettings withSeed(long s) {
        return new ReplaySettings(s, days, priceFile, asset, speed, producers, decideEveryHours, holdHours, forecastEveryHours, horizons,
                resolveEveryHours, sweepEveryHours, corpusEveryHours, weightsEveryDays, sizeUsd, skills);
    }

    /** @return these settings with another length */
    public ReplaySettings withDays(int d) {
        return new ReplaySettings(seed, d, priceFile, asset, speed, producers, decideEveryHours, holdHours, forecastEveryHours, horizons,
                resolveEveryHours, sweepEveryHours, corpusEveryHours, weightsEveryDays, sizeUsd, skills);
    }

    /** @return these settings with other producers */
    public ReplaySettings withProducers(List<SimProducer> p) {
        return new ReplaySettings(seed, days, priceFile, asset, speed, p, decideEveryHours, holdHours, forecastEveryHours, horizons,
                resolveEveryHours, sweepEveryHours, corpusEveryHours, weightsEveryDays, sizeUsd, skills);
    }

    /** @return these settings with another speed (null: as fast as possible) */
    public ReplaySettings withSpeed(Duration s) {
        return new ReplaySettings(seed, days, priceFile, asset, s, producers, decideEveryHours, holdHours, forecastEveryHours, horizons,
                resolveEveryHours, sweepEveryHours, corpusEveryHours, weightsEveryDays, sizeUsd, skills);
    }

    /** @return these settings on another price file (null: the embedded bars) */
    public ReplaySettings withPriceFile(Path f) {
        return new ReplaySettings(seed, days, f, asset, speed, producers, decideEveryHours, holdHours, forecastEveryHours, horizons,
                resolveEveryHours, sweepEveryHours, corpusEveryHours, weightsEveryDays, sizeUsd, skills);
    }

    /** @return the longest horizon in hours, or the hold if longer */
    public int longestHours() {
        int max = holdHours;
        for (Horizon h : horizons) {
            max = Math.max(max, (int) h.duration().toHours());
        }
        return max;
    }

    /** @return how many hourly bars the replay needs */
    public int hoursNeeded() {
        return WARMUP_HOURS + days * 24 + longestHours() + 1;
    }

    /**
     * @param text comma-separated horizon labels
     * @return the horizons
     */
    public static List<Horizon> horizons(String text) {
        List<Horizon> out = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                out.add(Horizon.parse(s.trim()));
            }
        }
        return out;
    }

    /**
     * @param text {@code max} (or empty), or simulated time per wall second as a horizon label such as {@code 1d} or {@code 6h}
     * @return the speed, null for as fast as possible
     */
    public static Duration speed(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("max")) {
            return null;
        }
        try {
            return Horizon.parse(text.trim()).duration();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("speed must be 'max' or simulated time per wall second such as 1d, 6h"
                    + " or 30m, not '" + text + "'");
        }
    }
}
