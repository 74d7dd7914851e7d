package learning.console.internal.ingest;

import static learning.console.internal.ApiFixture.array;
import static learning.console.internal.ApiFixture.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.gson.JsonObject;

import learning.console.internal.ApiFixture;
import learning.console.internal.api.ApiResponse;

class AcceptedSignalIngestTest {
    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    private static String signal(int i) {
        return "{\"trade_id\":\"p-1\",\"producer_id\":\"whale-watch\",\"domain\":\"onchain\",\"signal_event_id\":\"s-" + i
                + "\",\"contribution_weight\":0.25,\"direction\":\"long\",\"confidence\":0.8,\"horizon\":\"4h\"}";
    }

    private static String batchWith(int n, int bad, String member, String raw) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            String s = signal(i);
            if (i == bad) {
                JsonObject o = com.google.gson.JsonParser.parseString(s).getAsJsonObject();
                o.remove(member);
                s = o.toString();
                if (raw != null) {
                    s = s.substring(0, s.length() - 1) + ",\"" + member + "\":" + raw + "}";
                }
            }
            b.append(i == 0 ? "" : ",").append(s);
        }
        return b.append(']').toString();
    }

    @Test
    void batchOfSignalsIsStoredAndAnswered() {
        ApiResponse response = api.post("/signals/accepted", batchWith(3, -1, null, null));

        assertEquals(201, response.status(), response.json());
        assertEquals(3, array(response).size());
        assertEquals("whale-watch", array(response).get(0).getAsJsonObject().get("producer_id").getAsString());
        assertEquals(3, api.store.ledger().acceptedSignals("p-1").size());
    }

    @Test
    void optionalFieldsMayBeLeftOut() {
        String minimal = "[{\"trade_id\":\"p-1\",\"producer_id\":\"x\",\"signal_event_id\":\"s\",\"contribution_weight\":1}]";

        ApiResponse response = api.post("/signals/accepted", minimal);

        assertEquals(201, response.status(), response.json());
        JsonObject stored = array(response).get(0).getAsJsonObject();
        assertEquals("unknown", stored.get("domain").getAsString());
        assertTrue(stored.get("confidence").isJsonNull());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "direction | '\"up\"'",
            "confidence | 1.01",
            "confidence | '\"0.5\"'",
            "horizon | '\"forever\"'",
            "contribution_weight | -0.1",
            "contribution_weight | NaN",
            "trade_id | 1",
            "producer_id | '[]'",
    })
    void signalBatchWithOneBadItemStoresNothing(String field, String raw) {
        Map<String, Long> before = api.counts();

        assertBadInput(api.post("/signals/accepted", batchWith(4, 2, field, raw)), "[2]." + field);
        assertEquals(before, api.counts());
    }

    @ParameterizedTest
    @CsvSource({"trade_id", "producer_id", "signal_event_id", "contribution_weight"})
    void signalMissingARequiredFieldNamesIt(String field) {
        assertBadInput(api.post("/signals/accepted", batchWith(2, 0, field, null)), "[0]." + field);
        assertEquals(0L, api.counts().get("accepted_signals"));
    }

    @Test
    void sameSignalWithOtherContentIsAConflictNamingTheItem() {
        api.post("/signals/accepted", batchWith(2, -1, null, null));
        Map<String, Long> before = api.counts();

        ApiResponse response = api.post("/signals/accepted", batchWith(3, 1, "contribution_weight", "0.9"));

        ApiFixture.assertError(response, 409, "[1].signal_event_id");
        assertEquals(before, api.counts());
    }

    @Test
    void nonArrayIsRefused() {
        assertBadInput(api.post("/signals/accepted", signal(0)), "body");
        assertBadInput(api.post("/signals/accepted", "[]"), "body");
    }
}
