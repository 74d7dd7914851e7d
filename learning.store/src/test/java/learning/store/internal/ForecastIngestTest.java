package learning.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import learning.api.ConflictException;
import learning.api.ValidationException;
import learning.api.event.ChainVerification;
import learning.api.event.Event;
import learning.api.event.EventQuery;
import learning.api.event.EventTypes;
import learning.api.ledger.Forecast;
import learning.api.ledger.ForecastAction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forecast ingest path: its fast path without lookups, its retry, and what a file database keeps. */
class ForecastIngestTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private static Forecast forecast(String id, int i) {
        return new Forecast(id, "a" + (i % 3), new String[] {"1h", "4h", "3d"}[i % 3],
                ForecastAction.values()[i % ForecastAction.values().length], (i % 100) / 100.0, "producer-" + (i % 4) + "@1",
                i % 5 == 0 ? null : "trend", T0.plusSeconds(60L * i).plusNanos(i % 7 == 0 ? 123_456_789 : 0), null);
    }

    private static List<Forecast> batch(String prefix, int from, int size) {
        List<Forecast> out = new ArrayList<>();
        for (int i = from; i < from + size; i++) {
            out.add(forecast(prefix + i, i));
        }
        return out;
    }

    @Test
    void aBatchMixingStoredAndNewForecastsAnswersTheStoredOnesAndStoresTheRest() {
        try (Store s = Store.open("jdbc:hsqldb:mem:ingest-" + UUID.randomUUID())) {
            List<Forecast> first = s.ledger().recordForecasts(batch("f", 0, 3));
            List<Forecast> mixed = new ArrayList<>(batch("f", 3, 2));
            mixed.add(1, forecast("f1", 1));
            List<Forecast> answer = s.ledger().recordForecasts(mixed);
            assertEquals(3, answer.size());
            assertEquals(first.get(1).eventId(), answer.get(1).eventId(), "the stored forecast comes back");
            assertEquals("f3", answer.get(0).forecastId());
            assertEquals("f4", answer.get(2).forecastId());
            assertEquals(5L, s.ledger().counts().get("forecasts"));
            assertEquals(5, s.events().count(EventTypes.FORECAST));
            assertTrue(s.events().verifyChain().valid());
        }
    }

    @Test
    void aStoredIdWithOtherContentRefusesTheWholeBatchAndTheChainGoesOnFromTheOldHead() {
        try (Store s = Store.open("jdbc:hsqldb:mem:ingest-" + UUID.randomUUID())) {
            s.ledger().recordForecasts(batch("f", 0, 5));
            List<Forecast> bad = new ArrayList<>(batch("g", 0, 10));
            Forecast f2 = forecast("f2", 2);
            bad.add(7, new Forecast("f2", f2.asset(), f2.horizon(), f2.action(), 0.99, f2.source(), f2.regimeTag(),
                    f2.ts(), null));
            ConflictException e = assertThrows(ConflictException.class, () -> s.ledger().recordForecasts(bad));
            assertEquals("[7].forecast_id", e.field());
            assertEquals(5L, s.ledger().counts().get("forecasts"));
            assertEquals(5, s.events().count(null));
            assertEquals(List.of(), s.ledger().recordForecasts(List.of(forecast("g0", 0))).stream()
                    .filter(f -> f.eventId() == null).toList());
            assertEquals(6L, s.events().query(new EventQuery(null, null, 1)).get(0).sequence(),
                    "the refused batch left no gap in the sequence");
            assertTrue(s.events().verifyChain().valid());
        }
    }

    @Test
    void anIdRepeatedInsideABatchIsStoredOnceOrRefusedWhenItsContentDiffers() {
        try (Store s = Store.open("jdbc:hsqldb:mem:ingest-" + UUID.randomUUID())) {
            List<Forecast> answer = s.ledger().recordForecasts(List.of(forecast("x", 1), forecast("y", 2), forecast("x", 1)));
            assertEquals(answer.get(0).eventId(), answer.get(2).eventId());
            assertEquals(2L, s.ledger().counts().get("forecasts"));
            ConflictException e = assertThrows(ConflictException.class,
                    () -> s.ledger().recordForecasts(List.of(forecast("z", 1), forecast("z", 2))));
            assertEquals("[1].forecast_id", e.field());
            assertEquals(2L, s.ledger().counts().get("forecasts"));
        }
    }

    @Test
    void aForecastInstantOutsideTheYearsTheStoreKeepsIsABadInputNamingTheItem() {
        try (Store s = Store.open("jdbc:hsqldb:mem:ingest-" + UUID.randomUUID())) {
            Forecast f = forecast("far", 1);
            Forecast far = new Forecast("far", f.asset(), f.horizon(), f.action(), f.confidence(), f.source(),
                    f.regimeTag(), Instant.parse("+12000-01-01T00:00:00Z"), null);
            ValidationException e = assertThrows(ValidationException.class,
                    () -> s.ledger().recordForecasts(List.of(forecast("ok", 0), far)));
            assertEquals("[1].ts", e.field());
            assertEquals(0L, s.ledger().counts().get("forecasts"));
        }
    }

    @Test
    void theForecastPayloadIsTheCanonicalJsonOfTheForecast() {
        String[] awkward = {"plain", "quote\"back\\slash", "tab\tnew\nline\rret\fff\bbs", "ctl\u0001\u001f",
                "line\u2028para\u2029", "non-ascii é ü 漢字 😀", "<html>&'=", "del\u007f"};
        for (int i = 0; i < awkward.length; i++) {
            Forecast f = new Forecast(awkward[i], awkward[(i + 1) % awkward.length], "4h", ForecastAction.LONG,
                    i / 7.0, awkward[(i + 2) % awkward.length], awkward[(i + 3) % awkward.length],
                    T0.plusNanos(i * 1_000_017L), null);
            String payload = SqlInputLedger.forecastPayload(f);
            assertEquals(Json.canonical(payload), payload);
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(payload).getAsJsonObject();
            assertEquals(awkward[i], o.get("forecast_id").getAsString());
            assertEquals(f.ts().toString(), o.get("ts").getAsString());
            assertEquals(i / 7.0, o.get("confidence").getAsDouble());
        }
    }

    @Test
    void isoTextOfInstantsIsTheSameAsInstantToString() {
        Random r = new Random(42);
        List<Instant> samples = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("2024-02-29T12:00:00.5Z"),
                Instant.parse("1969-12-31T23:59:59.000001Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T00:00:00Z"), Instant.MIN, Instant.MAX));
        for (int i = 0; i < 100_000; i++) {
            long second = -62_167_219_200L + (long) (r.nextDouble() * (253_402_300_800L + 62_167_219_200L));
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1_000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1_000;
                default -> r.nextInt(1_000_000_000);
            };
            samples.add(Instant.ofEpochSecond(second, nano));
        }
        for (Instant i : samples) {
            assertEquals(i.toString(), Sql.iso(i));
        }
    }

    @Test
    void aNewFileDatabaseGetsARowCacheSizedToTheHeap(@TempDir Path dir) {
        try (Store s = Store.open("jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning"))) {
            Map<String, String> props = fileProperties(s);
            long kib = HsqlDatabase.cacheKib(Runtime.getRuntime().maxMemory());
            assertEquals(Long.toString(kib), props.get("hsqldb.cache_size"));
            assertEquals(Long.toString(HsqlDatabase.cacheRows(kib)), props.get("hsqldb.cache_rows"));
            assertEquals("false", props.get("hsqldb.write_delay"));
            assertEquals(Integer.toString(HsqlDatabase.LOG_SIZE_MIB), props.get("hsqldb.log_size"));
            assertTrue(Long.parseLong(props.get("hsqldb.nio_max_size")) >= 256, props.toString());
        }
        assertEquals(10_000L, HsqlDatabase.cacheKib(32L << 20));
        assertEquals(419_430L, HsqlDatabase.cacheKib(2L << 30));
        assertEquals(1024L * 1024, HsqlDatabase.cacheKib(16L << 30));
        assertEquals(256L, HsqlDatabase.nioMaxMib(512L << 20));
        assertEquals(6L * 1024, HsqlDatabase.nioMaxMib(24L << 30));
        assertEquals(16L * 1024, HsqlDatabase.nioMaxMib(256L << 30));
    }

    @Test
    void aFileDatabaseCreatedWithHsqldbDefaultsGetsTheEngineSettingsUnlessTheUrlNamesThem(@TempDir Path dir)
            throws Exception {
        String url = "jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning");
        // As an earlier release (or another tool) left it: HSQLDB's own settings.
        try (Connection c = java.sql.DriverManager.getConnection(url, "SA", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE CACHED TABLE t (a INT)");
            st.execute("SHUTDOWN");
        }
        try (Store s = Store.open(url)) {
            Map<String, String> props = fileProperties(s);
            assertEquals(Integer.toString(HsqlDatabase.LOG_SIZE_MIB), props.get("hsqldb.log_size"));
            assertEquals(Long.toString(HsqlDatabase.cacheKib(Runtime.getRuntime().maxMemory())),
                    props.get("hsqldb.cache_size"));
        }
        try (Store s = Store.open(url + ";hsqldb.log_size=64")) {
            assertEquals("64", fileProperties(s).get("hsqldb.log_size"), "a setting the URL names is the operator's");
        }
        assertEquals(List.of(), HsqlDatabase.fileSettings("jdbc:hsqldb:mem:x", 1L << 30, 1L << 34));
        assertEquals(List.of("SET FILES CACHE SIZE 209715", "SET FILES CACHE ROWS 1000", "SET FILES NIO SIZE 4096",
                "SET FILES LOG SIZE " + HsqlDatabase.LOG_SIZE_MIB),
                HsqlDatabase.fileSettings("jdbc:hsqldb:file:/x;hsqldb.cache_rows=1000", 1L << 30, 16L << 30));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> HsqlDatabase.fileSettings("jdbc:hsqldb:file:/x;hsqldb.log_size=big", 1L << 30, 16L << 30));
        assertTrue(bad.getMessage().contains("hsqldb.log_size"), bad.getMessage());
    }

    private static Map<String, String> fileProperties(Store s) {
        return s.database().read(c -> {
            Map<String, String> out = new HashMap<>();
            try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(
                    "SELECT PROPERTY_NAME, PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES")) {
                while (r.next()) {
                    out.put(r.getString(1), r.getString(2));
                }
            }
            return out;
        });
    }

    /**
     * Many batches into a file database, closed and opened again: every forecast is there with its
     * event, the chain verifies and goes on, and an altered hash or prev_hash is found.
     */
    @Test
    void aFileDatabaseKeepsEveryForecastAndAValidChainAcrossARestart(@TempDir Path dir) throws Exception {
        String url = "jdbc:hsqldb:file:" + dir.resolve("db").resolve("learning");
        Map<String, String> eventIds = new HashMap<>();
        int total = 0;
        try (Store s = Store.open(url)) {
            for (int b = 0; b < 6; b++) {
                for (Forecast f : s.ledger().recordForecasts(batch("r", b * 1_000, 1_000))) {
                    assertNotNull(f.eventId());
                    eventIds.put(f.forecastId(), f.eventId());
                }
                total += 1_000;
            }
            // a retried batch answers what is stored
            List<Forecast> again = s.ledger().recordForecasts(batch("r", 2_000, 1_000));
            assertEquals(eventIds.get("r2500"), again.get(500).eventId());
            s.events().append(new learning.api.event.NewEvent("test.v1", T0, "test", "k1", "{\"a\":1}"));
        }
        try (Store s = Store.open(url)) {
            assertEquals((long) total, s.ledger().counts().get("forecasts"));
            assertEquals(total + 1L, s.events().count(null));
            ChainVerification ok = s.events().verifyChain();
            assertTrue(ok.valid(), ok.problem());
            assertEquals(total + 1L, ok.eventsChecked());
            for (Forecast f : s.ledger().forecasts(null, 10_000)) {
                assertEquals(eventIds.get(f.forecastId()), f.eventId());
                Event e = s.events().byId(f.eventId()).orElseThrow();
                assertEquals("forecast.v1:" + f.forecastId(), e.dedupeKey());
                com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(e.payload()).getAsJsonObject();
                assertEquals(f.forecastId(), o.get("forecast_id").getAsString());
                assertEquals(f.asset(), o.get("asset").getAsString());
                assertEquals(f.confidence(), o.get("confidence").getAsDouble());
                assertEquals(f.ts(), Instant.parse(o.get("ts").getAsString()).truncatedTo(
                        java.time.temporal.ChronoUnit.MICROS));
                assertEquals(f.ts(), e.ts());
            }
            assertEquals("{\"a\":1}", s.events().byDedupeKey("k1").orElseThrow().payload());
            s.ledger().recordForecasts(batch("after", 0, 10));
            assertTrue(s.events().verifyChain().valid());
            Event tenth = s.events().query(new EventQuery(null, null, 10_000)).stream()
                    .filter(e -> e.sequence() == 10).findFirst().orElseThrow();
            assertEquals(s.events().query(new EventQuery(null, null, 10_000)).stream()
                    .filter(e -> e.sequence() == 9).findFirst().orElseThrow().hash(), tenth.prevHash());

            s.database().inTransaction(c -> {
                try (PreparedStatement p = c.prepareStatement("UPDATE events SET prev_hash = ? WHERE seq = 1234")) {
                    p.setBytes(1, new byte[32]);
                    return p.executeUpdate();
                }
            });
            ChainVerification bad = s.events().verifyChain();
            assertFalse(bad.valid());
            assertEquals(1234L, bad.firstBadSequence());
            assertEquals("prev_hash does not match the previous event", bad.problem());
        }
    }
}
