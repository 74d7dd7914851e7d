package learning.console.internal.ingest;

import static learning.console.internal.ApiFixture.assertBadInput;
import static learning.console.internal.ApiFixture.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.gson.JsonObject;

import learning.console.internal.ApiFixture;
import learning.console.internal.api.ApiResponse;

class PriceIngestTest {
    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    private static String bar(int hour) {
        String open = String.format("2026-01-05T%02d:00:00Z", hour);
        String close = String.format("2026-01-05T%02d:00:00Z", hour + 1);
        return "{\"open_time\":\"" + open + "\",\"close_time\":\"" + close
                + "\",\"open\":100,\"high\":110,\"low\":95,\"close\":105,\"volume\":12.5}";
    }

    private static String prices(String... bars) {
        return "{\"asset\":\"btc\",\"interval\":\"1h\",\"bars\":[" + String.join(",", bars) + "]}";
    }

    private static String barWith(int hour, String member, String raw) {
        JsonObject o = com.google.gson.JsonParser.parseString(bar(hour)).getAsJsonObject();
        o.remove(member);
        String s = o.toString();
        return raw == null ? s : s.substring(0, s.length() - 1) + ",\"" + member + "\":" + raw + "}";
    }

    @Test
    void barsAreStoredAndCounted() {
        ApiResponse response = api.post("/prices", prices(bar(0), bar(1), bar(2)));

        assertEquals(201, response.status(), response.json());
        JsonObject body = object(response);
        assertEquals("BTC", body.get("asset").getAsString());
        assertEquals("1h", body.get("interval").getAsString());
        assertEquals(3, body.get("received").getAsInt());
        assertEquals(3, body.get("stored").getAsInt());
        assertEquals(3, api.store.ledger().bars("BTC", "1h", Instant.EPOCH, Instant.parse("2027-01-01T00:00:00Z")).size());
    }

    @Test
    void sendingTheSameBarsAgainStoresNoneAndIsFine() {
        api.post("/prices", prices(bar(0), bar(1)));

        ApiResponse again = api.post("/prices", prices(bar(0), bar(1), bar(2)));

        assertEquals(201, again.status(), again.json());
        assertEquals(3, object(again).get("received").getAsInt());
        assertEquals(1, object(again).get("stored").getAsInt());
    }

    @Test
    void aStoredBarWithOtherValuesIsAConflict() {
        api.post("/prices", prices(bar(0)));
        Map<String, Long> before = api.counts();

        ApiResponse response = api.post("/prices", prices(bar(1), barWith(0, "close", "106")));

        assertEquals(409, response.status(), response.json());
        assertEquals(before, api.counts());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "open | 0",
            "high | -110",
            "low | 0",
            "close | '\"105\"'",
            "volume | -1",
            "volume | NaN",
            "high | 90",
            "open | 200",
            "close_time | '\"2026-01-05T02:00:00Z\"'",
            "open_time | '\"noon\"'",
    })
    void badBarIsRefusedByIndexAndNothingIsStored(String field, String raw) {
        Map<String, Long> before = api.counts();

        ApiResponse response = api.post("/prices", prices(bar(0), bar(1), bar(2), barWith(3, field, raw)));

        assertBadInput(response, "bars[3]." + field);
        assertEquals(before, api.counts());
    }

    @Test
    void highBelowLowIsRefused() {
        String bar = "{\"open_time\":\"2026-01-05T00:00:00Z\",\"close_time\":\"2026-01-05T01:00:00Z\","
                + "\"open\":100,\"high\":90,\"low\":95,\"close\":92,\"volume\":1}";

        assertBadInput(api.post("/prices", prices(bar)), "bars[0].high");
    }

    @Test
    void duplicateOpenTimesInOneBatchAreRefused() {
        Map<String, Long> before = api.counts();

        assertBadInput(api.post("/prices", prices(bar(0), bar(1), bar(1))), "bars[2].open_time");
        assertEquals(before, api.counts());
    }

    @Test
    void badIntervalOrAssetOrBarsAreRefused() {
        assertBadInput(api.post("/prices", "{\"asset\":\"BTC\",\"interval\":\"1M\",\"bars\":[" + bar(0) + "]}"), "interval");
        assertBadInput(api.post("/prices", "{\"asset\":\"BTC\",\"interval\":\"hourly\",\"bars\":[" + bar(0) + "]}"), "interval");
        assertBadInput(api.post("/prices", "{\"interval\":\"1h\",\"bars\":[" + bar(0) + "]}"), "asset");
        assertBadInput(api.post("/prices", "{\"asset\":\"BTC\",\"interval\":\"1h\",\"bars\":[]}"), "bars");
        assertBadInput(api.post("/prices", "{\"asset\":\"BTC\",\"interval\":\"1h\",\"bars\":{}}"), "bars");
        assertBadInput(api.post("/prices", "{\"asset\":\"BTC\",\"interval\":\"1h\"}"), "bars");
        assertBadInput(api.post("/prices", "[" + bar(0) + "]"), "body");
        assertEquals(0L, api.counts().get("price_bars"));
    }
}
