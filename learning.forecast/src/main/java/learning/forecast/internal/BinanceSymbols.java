package learning.forecast.internal;

import java.util.Locale;

/** Maps an asset name to a Binance spot symbol quoted in USDT. */
final class BinanceSymbols {
    private BinanceSymbols() {
    }

    /**
     * Strips everything but letters and digits and upper-cases; drops a trailing PERP, keeps a
     * trailing USDT, else drops a trailing USD and appends USDT. Unlike the reference, PERP goes
     * first, so {@code BTCUSDPERP} is {@code BTCUSDT} and not {@code BTCUSDUSDT}.
     *
     * @param asset an asset such as {@code BTC}, {@code BTC-PERP}, {@code eth/usd}
     * @return the symbol, or null when nothing is left of the name
     */
    static String of(String asset) {
        if (asset == null) {
            return null;
        }
        String s = asset.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        if (s.endsWith("PERP")) {
            s = s.substring(0, s.length() - 4);
        }
        if (s.endsWith("USDT")) {
            return s.length() > 4 ? s : null;
        }
        if (s.endsWith("USD")) {
            s = s.substring(0, s.length() - 3);
        }
        return s.isEmpty() ? null : s + "USDT";
    }
}
