package learning.attribution.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import learning.api.ConflictException;
import learning.api.NotFoundException;
import learning.api.attribution.AttributionResult;
import learning.api.attribution.AttributionStatus;
import learning.api.attribution.AttributionSweep;
import learning.api.attribution.OutcomeAttribution;
import learning.api.attribution.OutcomeAttributor;
import learning.api.event.AppendResult;
import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.ledger.ConvictionOutcome;
import learning.api.ledger.InputLedger;
import learning.api.store.LearningDatabase;
import learning.api.store.SweepWindow;

/**
 * Attributes closed positions to their convictions: sets the conviction's outcome (the realized
 * PnL, at the position's close time) and emits {@code learning.outcome.v1} with the reference's
 * payload, both in one transaction, once per position. A position without a conviction, or with a
 * conviction id nobody stored, is an attribution gap: recorded once in {@code attribution_gaps},
 * counted, never an error. A gap whose conviction is stored later is attributed by the next call
 * or sweep.
 *
 * <p>The sweep is set-based: one query lists up to {@value #READ_CHUNK} positions still to
 * attribute, with their domain scores; they are written in pages of {@value #PAGE_SIZE}, each page
 * in one transaction with one batch of events and one batch insert. A page that fails is retried
 * position by position, so one bad position cannot hold back the rest.
 */
@Component(service = OutcomeAttributor.class, immediate = true)
public class PositionOutcomeAttributor implements OutcomeAttributor {
    /** The event source, as in the reference ({@code outcome_writer.py}). */
    static final String SOURCE = "outcome_writer";
    /** Dedupe key prefix of {@code learning.outcome.v1}; the position id follows. */
    static final String DEDUPE_PREFIX = "learning:outcome:";
    /** Positions per sweep transaction: large enough to amortize round trips, small enough to keep the write lock short. */
    static final int PAGE_SIZE = 5000;
    /**
     * Candidates read per query. The query scans every remaining candidate (and sorts them), so
     * reading many pages' worth at once keeps a large backlog from costing one scan per page.
     */
    static final int READ_CHUNK = 4 * PAGE_SIZE;
    private static final int MAX_LISTED_GAPS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(PositionOutcomeAttributor.class);

    /** What {@link #candidate} reads, from positions {@code p}, conviction {@code s}, attribution {@code a}, gap {@code g}. */
    private static final String CANDIDATE_COLUMNS = "SELECT p.id, p.status, p.conviction_id, p.opened_at, p.closed_at,"
            + " p.realized_pnl, p.regime_at_entry, p.max_drawdown_during, s.id, a.event_id, g.position_id";
    private static final String SELECT = CANDIDATE_COLUMNS
            + " FROM positions p LEFT JOIN conviction_scores s ON s.id = p.conviction_id"
            + " LEFT JOIN attributed_positions a ON a.position_id = p.id"
            + " LEFT JOIN attribution_gaps g ON g.position_id = p.id";
    /**
     * Positions closed since the last sweep (close sequence and earliest close time of its
     * {@link SweepWindow}) up to the sweep's instant that are neither attributed nor a gap that is
     * still a gap, in close order; keyset-paged on (closed_at, id).
     */
    private static final String PAGE = SELECT + " WHERE p.status = 'closed' AND p.closed_at <= ?"
            + " AND a.position_id IS NULL AND (s.id IS NOT NULL OR g.position_id IS NULL)"
            + " AND p.close_seq > ? AND p.closed_at >= ?";
    /** Gaps whose conviction has been recorded since, driven by the (small) gaps table. */
    private static final String REGAINED = CANDIDATE_COLUMNS + " FROM attribution_gaps g JOIN positions p ON p.id = g.position_id"
            + " JOIN conviction_scores s ON s.id = p.conviction_id"
            + " LEFT JOIN attributed_positions a ON a.position_id = p.id"
            + " WHERE a.position_id IS NULL AND p.status = 'closed' AND p.closed_at <= ? ORDER BY p.closed_at, p.id";
    /** The sweep's name in {@code sweep_watermarks}. */
    static final String SWEEP = "attribution";
    private static final String AFTER = " AND p.closed_at >= ? AND (p.closed_at > ? OR p.id > ?)";
    private static final String ORDER = " ORDER BY p.closed_at, p.id LIMIT ";

    private final LearningDatabase db;
    private final EventLog events;
    private final InputLedger ledger;
    private final int readChunk;

    /**
     * @param database the engine's database; this bundle's tables are created if missing
     * @param events the event log {@code learning.outcome.v1} goes to
     * @param ledger the input ledger, which records the conviction outcomes
     */
    @Activate
    public PositionOutcomeAttributor(@Reference LearningDatabase database, @Reference EventLog events,
            @Reference InputLedger ledger) {
        this(database, events, ledger, READ_CHUNK);
    }

    /** For tests that cross chunk boundaries without 20,000 positions. */
    PositionOutcomeAttributor(LearningDatabase database, EventLog events, InputLedger ledger, int readChunk) {
        this.db = database;
        this.events = events;
        this.ledger = ledger;
        this.readChunk = readChunk;
        db.migrate(AttributionSchema.MODULE, AttributionSchema.migrations());
    }

    /** A position as read for attribution, with what is already known about it. */
    record Candidate(String id, boolean closed, String convictionId, boolean convictionKnown, Instant openedAt,
            Instant closedAt, double realizedPnl, String regimeAtEntry, Double maxDrawdown, String attributedEventId,
            boolean knownGap) {
    }

    @Override
    public AttributionResult attribute(String positionId) {
        if (positionId == null || positionId.isBlank()) {
            throw new NotFoundException("id", "no position id given");
        }
        // Answer replays without the write lock; only a real attribution needs it.
        Candidate seen = db.read(c -> lookup(c, positionId));
        if (seen == null) {
            throw new NotFoundException("id", "no position with id '" + positionId + "'");
        }
        if (!seen.closed()) {
            throw new ConflictException("id", "position '" + positionId + "' is still open: close it first");
        }
        if (seen.attributedEventId() != null) {
            return already(seen);
        }
        return db.inTransaction(c -> {
            // Look again under the write lock: a concurrent close call or sweep may have won.
            Candidate p = lookup(c, positionId);
            if (p.attributedEventId() != null) {
                return already(p);
            }
            if (!p.convictionKnown()) {
                recordGaps(c, List.of(p));
                return new AttributionResult(positionId, AttributionStatus.GAP, null, null);
            }
            Written w = write(c, List.of(p), domainScores(c, List.of(p.convictionId()))).get(0);
            return new AttributionResult(positionId, AttributionStatus.ATTRIBUTED, w.attribution(), w.eventId());
        });
    }

    private AttributionResult already(Candidate p) {
        String payload = events.byId(p.attributedEventId())
                .orElseThrow(() -> new IllegalStateException("position '" + p.id() + "' is recorded as attributed by event "
                        + p.attributedEventId() + ", which the event log does not hold"))
                .payload();
        return new AttributionResult(p.id(), AttributionStatus.ALREADY_ATTRIBUTED, OutcomePayload.fromJson(payload),
                p.attributedEventId());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Positions that fail (for example a stored {@code learning:outcome} event with another
     * payload) are skipped and the others attributed; the sweep then throws, naming how many failed
     * and why, so the cycle run is marked failed and the next sweep retries them.
     */
    @Override
    public AttributionSweep sweep(Instant asOf) {
        Objects.requireNonNull(asOf, "asOf");
        SweepWindow window = db.read(c -> SweepWindow.read(c, SWEEP, asOf));
        Totals totals = new Totals();
        // Gaps whose conviction has been recorded since: few, and found from the gaps table.
        List<Candidate> regained = db.read(c -> regainedGaps(c, asOf));
        if (!regained.isEmpty()) {
            writePages(regained, db.read(c -> domainScores(c, convictionIds(regained))), totals);
        }
        if (window.hasNewCloses()) {
            sweepNewCloses(asOf, window, totals);
        }
        if (totals.failed > 0) {
            throw new IllegalStateException("attribution sweep as of " + asOf + ": " + totals.attributed + " attributed, "
                    + totals.gaps + " new gaps, " + totals.failed + " failed and left for the next sweep; first failure: "
                    + totals.firstFailure);
        }
        db.inTransaction(c -> {
            window.advance(c);
            return null;
        });
        if (totals.attributed > 0 || totals.gaps > 0) {
            LOG.info("attribution sweep as of {}: {} attributed, {} new gaps", asOf, totals.attributed, totals.gaps);
        }
        return new AttributionSweep(asOf, totals.attributed, totals.gaps, List.copyOf(totals.gapIds));
    }

    /** What a sweep has done so far. */
    private static final class Totals {
        int attributed;
        int gaps;
        int failed;
        String firstFailure;
        final List<String> gapIds = new ArrayList<>();
    }

    /**
     * Positions closed since the last sweep, in close order, chunk by chunk. Each chunk is read on
     * this thread: reading the next one on a second thread while this one writes was a third
     * slower on two cores (both threads walk the same row cache, and the JIT and the collector need
     * a core too).
     */
    private void sweepNewCloses(Instant asOf, SweepWindow window, Totals totals) {
        Candidate cursor = null;
        while (true) {
            Candidate after = cursor;
            Chunk chunk = db.read(c -> chunk(c, asOf, window, after));
            List<Candidate> candidates = chunk.candidates();
            if (candidates.isEmpty()) {
                return;
            }
            chunkRead(candidates);
            writePages(candidates, chunk.domainScores(), totals);
            if (candidates.size() < readChunk) {
                return;
            }
            cursor = candidates.get(candidates.size() - 1);
        }
    }

    /** Called with each chunk of candidates between reading and writing it; tests attribute one meanwhile. */
    void chunkRead(List<Candidate> candidates) {
        // nothing to do
    }

    /** Writes candidates a page per transaction; a failing page is retried position by position. */
    private void writePages(List<Candidate> all, Map<String, Map<String, Double>> domainScores, Totals totals) {
        for (int from = 0; from < all.size(); from += PAGE_SIZE) {
            List<Candidate> page = all.subList(from, Math.min(all.size(), from + PAGE_SIZE));
            List<PageResult> results = new ArrayList<>();
            try {
                results.add(db.inTransaction(c -> writePage(c, page, domainScores, false)));
            } catch (RuntimeException pageFailed) {
                LOG.warn("attribution page of {} positions failed ({}); retrying them one by one", page.size(),
                        pageFailed.toString());
                for (Candidate one : page) {
                    try {
                        results.add(db.inTransaction(c -> writePage(c, List.of(one), domainScores, true)));
                    } catch (RuntimeException e) {
                        totals.failed++;
                        LOG.error("cannot attribute position '{}'", one.id(), e);
                        if (totals.firstFailure == null) {
                            totals.firstFailure = "position '" + one.id() + "': " + e.getMessage();
                        }
                    }
                }
            }
            for (PageResult r : results) {
                totals.attributed += r.attributed();
                totals.gaps += r.newGaps().size();
                for (String id : r.newGaps()) {
                    if (totals.gapIds.size() < MAX_LISTED_GAPS) {
                        totals.gapIds.add(id);
                    }
                }
            }
        }
    }

    @Override
    public long gapCount() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM attribution_gaps");
                    ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    // ---- reading --------------------------------------------------------------------------

    private static Candidate lookup(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE p.id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? candidate(r) : null;
            }
        }
    }

    /** Candidates read ahead of writing, with the domain scores of their convictions. */
    private record Chunk(List<Candidate> candidates, Map<String, Map<String, Double>> domainScores) {
    }

    private Chunk chunk(Connection c, Instant asOf, SweepWindow window, Candidate after) throws SQLException {
        List<Candidate> candidates = candidates(c, asOf, window, after);
        return new Chunk(candidates, domainScores(c, convictionIds(candidates)));
    }

    private static Set<String> convictionIds(List<Candidate> candidates) {
        Set<String> convictionIds = new HashSet<>();
        for (Candidate p : candidates) {
            if (p.convictionKnown()) {
                convictionIds.add(p.convictionId());
            }
        }
        return convictionIds;
    }

    /** Positions recorded as gaps whose conviction is known now, up to the sweep's instant. */
    private static List<Candidate> regainedGaps(Connection c, Instant asOf) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(REGAINED)) {
            s.setObject(1, timestamp(asOf));
            List<Candidate> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(candidate(r));
                }
            }
            return out;
        }
    }

    private List<Candidate> candidates(Connection c, Instant asOf, SweepWindow window, Candidate after)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(PAGE + (after == null ? "" : AFTER) + ORDER + readChunk)) {
            s.setObject(1, timestamp(asOf));
            s.setLong(2, window.afterCloseSeq());
            s.setObject(3, timestamp(window.fromClosedAt()));
            if (after != null) {
                s.setObject(4, timestamp(after.closedAt()));
                s.setObject(5, timestamp(after.closedAt()));
                s.setString(6, after.id());
            }
            List<Candidate> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(candidate(r));
                }
            }
            return out;
        }
    }

    private static Candidate candidate(ResultSet r) throws SQLException {
        double pnl = r.getDouble(6);
        double drawdown = r.getDouble(8);
        Double maxDrawdown = r.wasNull() ? null : drawdown;
        return new Candidate(r.getString(1), "closed".equals(r.getString(2)), r.getString(3), r.getString(9) != null,
                instant(r, 4), instant(r, 5), pnl, r.getString(7), maxDrawdown, r.getString(10), r.getString(11) != null);
    }

    /** Domain scores of several convictions in one query, by conviction id then domain. */
    private static Map<String, Map<String, Double>> domainScores(Connection c, Collection<String> convictionIds)
            throws SQLException {
        Map<String, Map<String, Double>> out = new HashMap<>();
        if (convictionIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT conviction_id, domain, domain_score FROM conviction_log WHERE conviction_id IN (UNNEST(?))")) {
            s.setArray(1, varchars(c, convictionIds));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.computeIfAbsent(r.getString(1), k -> new TreeMap<>()).put(r.getString(2), r.getDouble(3));
                }
            }
        }
        return out;
    }

    private static Set<String> alreadyAttributed(Connection c, Collection<String> positionIds) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT position_id FROM attributed_positions WHERE position_id IN (UNNEST(?))")) {
            s.setArray(1, varchars(c, positionIds));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    // ---- writing --------------------------------------------------------------------------

    private record Written(OutcomeAttribution attribution, String eventId) {
    }

    private record PageResult(int attributed, List<String> newGaps) {
    }

    /**
     * @param recheck look up which positions a close call attributed since they were read (outside
     *        the lock). A page is written without looking: such a position is rare, and its row in
     *        {@code attributed_positions} fails the page, which is then written position by
     *        position with this look-up.
     */
    private PageResult writePage(Connection c, List<Candidate> page, Map<String, Map<String, Double>> domainScores,
            boolean recheck) throws SQLException {
        List<String> ids = new ArrayList<>(page.size());
        page.forEach(p -> ids.add(p.id()));
        Set<String> done = recheck ? alreadyAttributed(c, ids) : Set.of();
        List<Candidate> attributable = new ArrayList<>();
        List<Candidate> gaps = new ArrayList<>();
        for (Candidate p : page) {
            if (!done.contains(p.id())) {
                (p.convictionKnown() ? attributable : gaps).add(p);
            }
        }
        write(c, attributable, domainScores);
        return new PageResult(attributable.size(), recordGaps(c, gaps));
    }

    /**
     * Writes the attribution of positions whose conviction is stored: outcome, event and our row.
     * Runs inside the caller's transaction.
     */
    private List<Written> write(Connection c, List<Candidate> positions, Map<String, Map<String, Double>> scores)
            throws SQLException {
        if (positions.isEmpty()) {
            return List.of();
        }
        List<OutcomeAttribution> attributions = new ArrayList<>(positions.size());
        List<NewEvent> outcomeEvents = new ArrayList<>(positions.size());
        List<ConvictionOutcome> outcomes = new ArrayList<>(positions.size());
        for (Candidate p : positions) {
            OutcomeAttribution a = attribution(p, scores.getOrDefault(p.convictionId(), Map.of()));
            attributions.add(a);
            // The outcome time is the close time, not the wall clock, so replays give the same rows.
            outcomes.add(new ConvictionOutcome(p.convictionId(), p.realizedPnl(), p.closedAt()));
            outcomeEvents.add(new NewEvent(EventTypes.LEARNING_OUTCOME, p.closedAt(), SOURCE, DEDUPE_PREFIX + p.id(),
                    OutcomePayload.toJson(a)));
        }
        ledger.recordConvictionOutcomes(outcomes);
        List<AppendResult> appended = events.appendAll(outcomeEvents);
        LocalDateTime now = timestamp(Instant.now());
        List<Written> out = new ArrayList<>(positions.size());
        int resolvedGaps = 0;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO attributed_positions"
                + " (position_id, conviction_id, event_id, attributed_at) VALUES (?, ?, ?, ?)");
                PreparedStatement resolve = c.prepareStatement("DELETE FROM attribution_gaps WHERE position_id = ?")) {
            for (int i = 0; i < positions.size(); i++) {
                out.add(new Written(attributions.get(i), appended.get(i).event().id()));
            }
            // In position id order: each insert into the key starts near where the last one ended.
            for (int i : IntStream.range(0, positions.size()).boxed()
                    .sorted(Comparator.comparing(i -> positions.get(i).id())).toList()) {
                Candidate p = positions.get(i);
                insert.setString(1, p.id());
                insert.setString(2, p.convictionId());
                insert.setString(3, out.get(i).eventId());
                insert.setObject(4, now);
                insert.addBatch();
                if (p.knownGap()) {
                    resolve.setString(1, p.id());
                    resolve.addBatch();
                    resolvedGaps++;
                }
            }
            insert.executeBatch();
            if (resolvedGaps > 0) {
                resolve.executeBatch();
            }
        }
        return out;
    }

    /** @return the ids of the gaps not recorded before */
    private static List<String> recordGaps(Connection c, List<Candidate> gaps) throws SQLException {
        if (gaps.isEmpty()) {
            return List.of();
        }
        LocalDateTime now = timestamp(Instant.now());
        try (PreparedStatement s = c.prepareStatement("MERGE INTO attribution_gaps g USING (VALUES"
                + " (CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(32)), CAST(? AS VARCHAR(128)), CAST(? AS TIMESTAMP(6))))"
                + " AS v (position_id, reason, conviction_id, found_at) ON g.position_id = v.position_id"
                + " WHEN NOT MATCHED THEN INSERT VALUES (v.position_id, v.reason, v.conviction_id, v.found_at)")) {
            for (Candidate p : gaps) {
                s.setString(1, p.id());
                s.setString(2, p.convictionId() == null ? "no_conviction" : "unknown_conviction");
                s.setString(3, p.convictionId());
                s.setObject(4, now);
                s.addBatch();
            }
            int[] counts = s.executeBatch();
            List<String> added = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    added.add(gaps.get(i).id());
                    LOG.debug("attribution gap: position '{}' has {}", gaps.get(i).id(), gaps.get(i).convictionId() == null
                            ? "no conviction" : "the unknown conviction '" + gaps.get(i).convictionId() + "'");
                }
            }
            return added;
        }
    }

    /** The reference's attribution of one position (section 1.1 of the reference page). */
    static OutcomeAttribution attribution(Candidate p, Map<String, Double> domainScores) {
        double hours = Math.max(0.0, Duration.between(p.openedAt(), p.closedAt()).toNanos() / 3.6e12);
        return new OutcomeAttribution(p.id(), p.convictionId(), p.realizedPnl(), p.realizedPnl() > 0.0, hours,
                p.maxDrawdown() == null ? 0.0 : p.maxDrawdown(), p.regimeAtEntry() == null ? "" : p.regimeAtEntry(),
                new TreeMap<>(domainScores));
    }

    // ---- SQL helpers ----------------------------------------------------------------------

    private static Array varchars(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("VARCHAR", values.toArray());
    }

    private static LocalDateTime timestamp(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        LocalDateTime t = r.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
