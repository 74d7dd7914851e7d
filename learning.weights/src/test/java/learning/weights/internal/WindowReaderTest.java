package learning.weights.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import learning.api.ledger.Conviction;
import learning.api.ledger.Direction;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.api.weights.Domain;
import learning.api.weights.WindowPosition;
import learning.store.internal.Store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The window reader keeps the last window in memory and reads only what is new: every read must
 * give what a fresh reader reading the tables gives.
 */
class WindowReaderTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private Store store;
    private WindowReader reader;

    @BeforeEach
    void open() {
        store = Store.open("jdbc:hsqldb:mem:window-" + UUID.randomUUID());
        reader = new WindowReader(store.database());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void slidingWindowsGiveWhatAFreshReadGives() {
        for (int day = 0; day < 10; day++) {
            closed("p" + day, "c" + day, T0.plus(Duration.ofDays(day)), day - 4.5, 0.1 * day);
        }
        Duration span = Duration.ofDays(3);
        for (int day = 3; day < 12; day++) {
            Instant to = T0.plus(Duration.ofDays(day));
            if (day == 6) {
                // closed late, before the window's start and inside it
                closed("late-out", "c-late-out", T0.plus(Duration.ofDays(1)), 1.0, 0.5);
                closed("late-in", "c-late-in", to.minus(Duration.ofHours(30)), -1.0, 0.6);
            }
            assertSameWindow(fresh(to.minus(span), to), reader.read(to.minus(span), to));
        }
        assertEquals(List.of("p9"), ids(reader.read(T0.plus(Duration.ofDays(9)), T0.plus(Duration.ofDays(9)))));
    }

    @Test
    void aWindowThatStartsEarlierIsReadFromTheTables() {
        for (int day = 0; day < 6; day++) {
            closed("p" + day, "c" + day, T0.plus(Duration.ofDays(day)), 1.0, 0.2);
        }
        reader.read(T0.plus(Duration.ofDays(4)), T0.plus(Duration.ofDays(6)));

        List<WindowPosition> earlier = reader.read(T0, T0.plus(Duration.ofDays(2)));

        assertEquals(List.of("p0", "p1", "p2"), ids(earlier));
        assertSameWindow(fresh(T0, T0.plus(Duration.ofDays(2))), earlier);
    }

    @Test
    void aPositionThatClosedBeforeItsConvictionWasRecordedGetsItsScoresOnceItIs() {
        closed("p1", "c1", T0, 2.0, 0.3);
        openAndClose("p2", "c2", T0.plus(Duration.ofHours(1)), -2.0);
        List<WindowPosition> before = reader.read(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)));
        assertEquals(Map.of(Domain.ONCHAIN, 0.3, Domain.SOCIAL, 0.7), before.get(0).domainScores(),
                "the conviction's scores, carried by the closed position");
        assertEquals(Map.of(), before.get(1).domainScores());

        conviction("c2", T0, 0.9);
        List<WindowPosition> after = reader.read(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)));

        assertEquals(Map.of(Domain.ONCHAIN, 0.9, Domain.SOCIAL, 0.1), after.get(1).domainScores());
        assertSameWindow(fresh(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1))), after);
    }

    private List<WindowPosition> fresh(Instant from, Instant to) {
        return new WindowReader(store.database()).read(from, to);
    }

    private static void assertSameWindow(List<WindowPosition> expected, List<WindowPosition> actual) {
        assertEquals(expected, actual);
    }

    private static List<String> ids(List<WindowPosition> window) {
        return window.stream().map(WindowPosition::positionId).toList();
    }

    private void closed(String id, String convictionId, Instant closedAt, double pnl, double onchain) {
        conviction(convictionId, closedAt.minus(Duration.ofHours(5)), onchain);
        openAndClose(id, convictionId, closedAt, pnl);
    }

    private void conviction(String id, Instant at, double onchain) {
        store.ledger().recordConviction(new Conviction(id, "cycle-" + id, "BTC", 0.5, at,
                Map.of("onchain", onchain, "social", Math.round((1 - onchain) * 10) / 10.0), List.of(), List.of(),
                null, null));
    }

    private void openAndClose(String id, String convictionId, Instant closedAt, double pnl) {
        store.ledger().openPosition(new Position(id, "BTC", Direction.LONG, PositionStatus.OPEN,
                closedAt.minus(Duration.ofHours(4)), null, null, convictionId, null, null, 100.0, null, 1000.0));
        store.ledger().closePosition(id, new PositionClose(closedAt, pnl, null, null));
    }
}
