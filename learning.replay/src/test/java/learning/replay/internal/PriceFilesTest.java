package learning.replay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import learning.api.ledger.PriceBar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceFilesTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private String message(Path f) {
        return assertThrows(PriceFileException.class, () -> PriceFiles.read(f, "btc")).getMessage();
    }

    @Test
    void csvWithEpochMillisIsReadAsOpenTimesWithTheInferredInterval() throws IOException {
        Path f = file("btc.csv", "timestamp,open,high,low,close,volume\n"
                + "1700000000000,100,110,95,105,12\n"
                + "1700003600000,105,106,100,101,3\n");
        List<PriceBar> bars = PriceFiles.read(f, "btc");
        assertEquals(2, bars.size());
        assertEquals("BTC", bars.get(0).asset());
        assertEquals("1h", bars.get(0).interval());
        assertEquals(Instant.ofEpochMilli(1700000000000L), bars.get(0).openTime());
        assertEquals(Instant.ofEpochMilli(1700003600000L), bars.get(0).closeTime());
        assertEquals(101, bars.get(1).close());
        assertEquals("file:btc.csv", bars.get(0).source());
    }

    @Test
    void csvAcceptsEpochSecondsIsoTimesSemicolonsQuotesAndNoVolume() throws IOException {
        List<PriceBar> secs = PriceFiles.read(file("a.csv", "open_time;open;high;low;close\n"
                + "1700000000;1;2;0.5;1.5\n1700000300;1.5;2;1;1.2\n"), "x");
        assertEquals(Instant.ofEpochSecond(1700000000L), secs.get(0).openTime());
        assertEquals("5m", secs.get(0).interval());
        assertEquals(0, secs.get(0).volume());
        List<PriceBar> iso = PriceFiles.read(file("b.csv", "\"date\",\"open\",\"high\",\"low\",\"close\"\n"
                + "\"2024-01-01T00:00:00Z\",\"1\",\"2\",\"0.5\",\"1.5\"\n2024-01-01 01:00:00,1.5,2,1,1.2\n"), "x");
        assertEquals(Instant.parse("2024-01-01T01:00:00Z"), iso.get(1).openTime());
    }

    @Test
    void aMissingColumnIsNamedWithTheHeaderLine() throws IOException {
        String m = message(file("p.csv", "\n\ntimestamp,open,high,low\n1,1,1,1\n"));
        assertTrue(m.contains("p.csv line 3") && m.contains("no 'close' column"), m);
        String t = message(file("q.csv", "when,open,high,low,close\n1,1,1,1,1\n"));
        assertTrue(t.contains("no time column"), t);
    }

    @Test
    void aBadNumberNamesItsLineAndField() throws IOException {
        String m = message(file("p.csv", "timestamp,open,high,low,close\n1700000000000,1,2,0.5,1\n"
                + "1700003600000,1,2,0.5,abc\n"));
        assertTrue(m.contains("p.csv line 3: close 'abc' is not a number"), m);
        String n = message(file("n.csv", "timestamp,open,high,low,close\n1700000000000,1,2,0.5,NaN\n"
                + "1700003600000,1,2,0.5,1\n"));
        assertTrue(n.contains("line 2: close 'NaN' is not a finite number"), n);
        String e = message(file("e.csv", "timestamp,open,high,low,close\n1700000000000,1,2,0.5\n"));
        assertTrue(e.contains("line 2: 4 fields, the header has 5"), e);
    }

    @Test
    void unsortedOrDuplicateTimesNameTheLine() throws IOException {
        String m = message(file("u.csv", "timestamp,open,high,low,close\n1700003600000,1,2,0.5,1\n"
                + "1700000000000,1,2,0.5,1\n"));
        assertTrue(m.contains("u.csv line 3") && m.contains("sorted oldest first"), m);
    }

    @Test
    void impossiblePricesAreRefused() throws IOException {
        String m = message(file("h.csv", "timestamp,open,high,low,close\n1700000000000,1,0.9,0.5,1\n"
                + "1700003600000,1,2,0.5,1\n"));
        assertTrue(m.contains("line 2: high 0.9 and low 0.5 do not contain"), m);
        String z = message(file("z.csv", "timestamp,open,high,low,close\n1700000000000,0,2,0,1\n"
                + "1700003600000,1,2,0.5,1\n"));
        assertTrue(z.contains("line 2: prices must be positive"), z);
        String b = message(file("t.csv", "timestamp,open,high,low,close\nyesterday,1,2,0.5,1\n"
                + "1700003600000,1,2,0.5,1\n"));
        assertTrue(b.contains("line 2: time 'yesterday' is not a time"), b);
    }

    @Test
    void jsonObjectsBinanceKlinesAndTa4jAreRead() throws IOException {
        List<PriceBar> objects = PriceFiles.read(file("o.json", "[{\"open_time\":\"2024-01-01T00:00:00Z\",\"open\":1,"
                + "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":7},{\"open_time\":\"2024-01-01T00:15:00Z\",\"open\":1.5,"
                + "\"high\":2,\"low\":1,\"close\":1.2}]"), "eth");
        assertEquals("15m", objects.get(0).interval());
        assertEquals(7, objects.get(0).volume());
        List<PriceBar> klines = PriceFiles.read(file("k.json", "[[1678730400000,\"1673.58\",\"1677.62\",\"1672.44\","
                + "\"1672.99\",\"65.3\",1678730699999],[1678730700000,\"1673.04\",\"1673.04\",\"1665.40\",\"1670.41\","
                + "\"147.3\",1678730999999]]"), "eth");
        assertEquals(Instant.ofEpochMilli(1678730400000L), klines.get(0).openTime());
        assertEquals(1670.41, klines.get(1).close());
        List<PriceBar> ta4j = PriceFiles.read(file("t.json", "{\"ohlc\":[{\"endTime\":1678730699999,\"openPrice\":1673.58,"
                + "\"highPrice\":1677.62,\"lowPrice\":1672.44,\"closePrice\":1672.99,\"volume\":65.3},"
                + "{\"endTime\":1678730999999,\"openPrice\":1673.04,\"highPrice\":1673.04,\"lowPrice\":1665.4,"
                + "\"closePrice\":1670.41,\"volume\":147.3}]}"), "eth");
        assertEquals(Instant.ofEpochMilli(1678730400000L), ta4j.get(0).openTime(), "endTime is the bar's last ms");
        assertEquals("5m", ta4j.get(0).interval());
    }

    @Test
    void carelessJsonNamesTheItemAndField() throws IOException {
        String m = message(file("o.json", "[{\"open_time\":1700000000000,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1},"
                + "{\"open_time\":1700003600000,\"open\":1,\"high\":2,\"low\":0.5}]"));
        assertTrue(m.contains("o.json item 1: the field 'close' is missing"), m);
        String k = message(file("k.json", "[[1678730400000,\"1\",\"2\",\"0.5\"]]"));
        assertTrue(k.contains("item 0: a kline needs at least 6 fields"), k);
        String bad = message(file("b.json", "[{\"open_time\":1700000000000,\"open\":1,\"high\":\"x\",\"low\":0.5,\"close\":1},"
                + "{\"open_time\":1700003600000,\"open\":1,\"high\":2,\"low\":0.5,\"close\":1}]"));
        assertTrue(bad.contains("item 0: high 'x' is not a number"), bad);
        assertTrue(message(file("j.json", "[{\"open_time\": 1,")).contains("not valid JSON"));
    }
}
