package learning.corpus.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import learning.api.ConflictException;
import learning.api.NotFoundException;
import learning.api.ServiceProperties;
import learning.api.corpus.CorpusRun;
import learning.api.corpus.CorpusService;
import learning.api.corpus.PatternStats;
import learning.api.corpus.Skill;
import learning.api.corpus.SkillState;
import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.ledger.Conviction;
import learning.api.ledger.InputLedger;
import learning.api.ledger.Position;
import learning.api.ledger.PositionStatus;
import learning.api.store.LearningDatabase;
import learning.api.store.SweepWindow;

/**
 * Corpus feedback on skill files under {@code <skills.dir>/{pending,active,archived}/<name>.md}.
 *
 * <p>When a position closes, each skill its conviction names moves its score by +1 (PnL above 0)
 * or -1, once per (position, skill), and each pattern it names gets a match row with the outcome.
 * Then pending skills with score 3 or more move to active and active ones with -3 or less to
 * archived. Score changes are journaled in {@code skill_feedback} before the file is touched, so a
 * crash at any point is finished by the next run exactly once (see {@link SkillFiles} for why no
 * file is ever lost or half-written). Unreadable files, missing files, bad score lines and name
 * clashes are reported in the run's problems and never stop it.
 *
 * <p>All file work runs under one lock: two runs never interleave their rewrites and moves.
 */
@Component(service = CorpusService.class, immediate = true, configurationPid = FileCorpusService.PID)
@Designate(ocd = FileCorpusService.Config.class)
public class FileCorpusService implements CorpusService {
    /** The configuration PID. */
    public static final String PID = "learning.corpus";
    /** Source of {@code corpus.skill_lifecycle.v1} events. */
    static final String SOURCE = "corpus";
    /** A pending skill with at least this score is promoted. */
    static final int PROMOTE_AT = 3;
    /** An active skill with at most this score is archived. */
    static final int ARCHIVE_AT = -3;
    /** The sweep's name in {@code sweep_watermarks}. */
    static final String SWEEP = "corpus";
    /** Position {@code p} closed up to an instant, its conviction names skills or patterns, not fed yet. */
    private static final String FEEDABLE = "p.status = 'closed' AND p.closed_at <= ?"
            + " AND EXISTS (SELECT 1 FROM conviction_refs r WHERE r.conviction_id = p.conviction_id)"
            + " AND NOT EXISTS (SELECT 1 FROM corpus_positions f WHERE f.position_id = p.id)";
    private static final Logger LOG = LoggerFactory.getLogger(FileCorpusService.class);

    /** The corpus settings. */
    @ObjectClassDefinition(name = "Learning engine corpus",
            description = "Skill files fed by trade outcomes, and their lifecycle.")
    public @interface Config {
        /** @return the folder holding pending/, active/ and archived/, or empty for the default */
        @AttributeDefinition(name = "Skills folder", required = false,
                description = "Folder holding pending/, active/ and archived/ with the <name>.md skill files."
                        + " Empty: <home>/corpus/skills, where <home> is the framework property learning.home,"
                        + " else the system property of that name, else the working directory.")
        String skills_dir() default "";
    }

    private final BundleContext context;
    private final LearningDatabase db;
    private final EventLog events;
    private final InputLedger ledger;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile SkillFiles files;
    /** Where tests simulate a crash; does nothing in the engine. */
    volatile SkillFiles.CrashPoint crash = point -> {
    };

    /**
     * @param context the bundle context, for {@code learning.home}; may be null outside a framework
     * @param config the settings
     * @param database the engine's database; this bundle's tables are created if missing
     * @param events the event log lifecycle moves are recorded in
     * @param ledger the input ledger: positions and the skills and patterns of their convictions
     */
    @Activate
    public FileCorpusService(BundleContext context, Config config, @Reference LearningDatabase database,
            @Reference EventLog events, @Reference InputLedger ledger) {
        this.context = context;
        this.db = database;
        this.events = events;
        this.ledger = ledger;
        db.migrate(CorpusSchema.MODULE, CorpusSchema.migrations());
        configure(config);
    }

    @Modified
    void modified(Config config) {
        configure(config);
    }

    private void configure(Config config) {
        SkillFiles f = new SkillFiles(skillsRoot(config.skills_dir(), context), point -> crash.reached(point));
        try {
            f.createFolders();
        } catch (IOException e) {
            // Not fatal: every run reports what it cannot read, and the folders may appear later.
            LOG.warn("cannot create the skill folders under {}: {}", f.root(), e.toString());
        }
        lock.lock();
        try {
            files = f;
        } finally {
            lock.unlock();
        }
        LOG.info("corpus configured: skills.dir={}", f.root());
    }

    static Path skillsRoot(String configured, BundleContext context) {
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured.trim());
        }
        String home = context == null ? null : context.getProperty(ServiceProperties.HOME);
        if (home == null || home.isBlank()) {
            home = System.getProperty(ServiceProperties.HOME);
        }
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.dir");
        }
        return Paths.get(home, "corpus", "skills");
    }

    /** What one run did so far. */
    private static final class Run {
        int scoresChanged;
        int patternsScored;
        /** Positions that could not be fed: the cycle's window is not advanced, so the next cycle retries them. */
        int failedPositions;
        final List<String> promoted = new ArrayList<>();
        final List<String> archived = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        CorpusRun result(Instant asOf) {
            return new CorpusRun(asOf, scoresChanged, List.copyOf(promoted), List.copyOf(archived), patternsScored,
                    List.copyOf(problems));
        }
    }

    // ---- service --------------------------------------------------------------------------

    @Override
    public CorpusRun applyOutcome(String positionId) {
        if (positionId == null || positionId.isBlank()) {
            throw new NotFoundException("id", "no position id given");
        }
        Position p = ledger.position(positionId)
                .orElseThrow(() -> new NotFoundException("id", "no position with id '" + positionId + "'"));
        if (p.status() != PositionStatus.CLOSED) {
            throw new ConflictException("id", "position '" + positionId + "' is still open: close it first");
        }
        lock.lock();
        try {
            SkillFiles f = files;
            Run run = new Run();
            recover(f, run);
            feed(f, p, run);
            lifecycle(f, p.closedAt(), run);
            return report(run.result(p.closedAt()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CorpusRun runCycle(Instant asOf) {
        Objects.requireNonNull(asOf, "asOf");
        lock.lock();
        try {
            SkillFiles f = files;
            Run run = new Run();
            recover(f, run);
            SweepWindow window = db.read(c -> SweepWindow.read(c, SWEEP, asOf));
            for (String id : db.read(c -> unfed(c, asOf, window))) {
                try {
                    Optional<Position> p = ledger.position(id);
                    if (p.isPresent()) {
                        feed(f, p.get(), run);
                    }
                } catch (RuntimeException e) {
                    run.failedPositions++;
                    LOG.warn("cannot feed position '{}' to the corpus", id, e);
                    run.problems.add("position '" + id + "': " + e.getMessage());
                }
            }
            lifecycle(f, asOf, run);
            if (run.failedPositions == 0) {
                db.inTransaction(c -> {
                    window.advance(c);
                    return null;
                });
            }
            return report(run.result(asOf));
        } finally {
            lock.unlock();
        }
    }

    private static CorpusRun report(CorpusRun r) {
        if (r.scoresChanged() > 0 || !r.promoted().isEmpty() || !r.archived().isEmpty() || !r.problems().isEmpty()) {
            LOG.info("corpus run as of {}: {} scores changed, promoted {}, archived {}, {} pattern matches, problems {}",
                    r.asOf(), r.scoresChanged(), r.promoted(), r.archived(), r.patternsScored(), r.problems());
        }
        return r;
    }

    @Override
    public List<Skill> skills() {
        lock.lock();
        try {
            SkillFiles f = files;
            List<Skill> out = new ArrayList<>();
            for (SkillState state : SkillState.values()) {
                List<Path> paths;
                try {
                    paths = f.list(state);
                } catch (IOException e) {
                    LOG.warn("cannot list {}: {}", f.folder(state), e.toString());
                    continue;
                }
                for (Path p : paths) {
                    Scored s = score(f, p);
                    out.add(new Skill(SkillFiles.skillName(p), state, s.problem == null ? s.line.score() : null,
                            s.problem));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<PatternStats> patterns() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT pattern, COUNT(*), SUM(CASE WHEN win THEN 1 ELSE 0 END)"
                    + " FROM pattern_matches GROUP BY pattern ORDER BY pattern");
                    ResultSet r = s.executeQuery()) {
                List<PatternStats> out = new ArrayList<>();
                while (r.next()) {
                    int matches = r.getInt(2);
                    int wins = r.getInt(3);
                    out.add(new PatternStats(r.getString(1), matches, wins, matches == 0 ? null : (double) wins / matches));
                }
                return out;
            }
        });
    }

    // ---- feeding outcomes -----------------------------------------------------------------

    /** A journal row: what one position does to one skill. */
    private record Feedback(String positionId, String skill, String status, Integer oldScore, Integer newScore,
            String detail, boolean problem) {
    }

    private void feed(SkillFiles f, Position p, Run run) {
        if (p.convictionId() == null) {
            return;
        }
        // An unknown conviction is fed by a later run once it is stored.
        Optional<Conviction> conviction = ledger.conviction(p.convictionId());
        if (conviction.isEmpty() || conviction.get().skills().isEmpty() && conviction.get().patterns().isEmpty()) {
            return;
        }
        Conviction c = conviction.get();
        boolean win = p.realizedPnl() > 0;
        int delta = win ? 1 : -1;
        List<Feedback> journal = db.inTransaction(conn -> {
            if (fed(conn, p.id())) {
                return null;
            }
            LocalDateTime now = timestamp(Instant.now());
            try (PreparedStatement s = conn.prepareStatement(
                    "INSERT INTO corpus_positions (position_id, fed_at) VALUES (?, ?)")) {
                s.setString(1, p.id());
                s.setObject(2, now);
                s.executeUpdate();
            }
            if (!c.patterns().isEmpty()) {
                try (PreparedStatement s = conn.prepareStatement("INSERT INTO pattern_matches (position_id, pattern,"
                        + " realized_pnl, win, outcome_ts) VALUES (?, ?, ?, ?, ?)")) {
                    for (String pattern : c.patterns()) {
                        s.setString(1, p.id());
                        s.setString(2, pattern);
                        s.setDouble(3, p.realizedPnl());
                        s.setBoolean(4, win);
                        s.setObject(5, timestamp(p.closedAt()));
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            List<Feedback> rows = new ArrayList<>();
            for (String skill : c.skills()) {
                Feedback fb = decide(f, p.id(), skill, delta);
                insert(conn, fb, delta, now);
                rows.add(fb);
            }
            return rows;
        });
        if (journal == null) {
            return;
        }
        run.patternsScored += c.patterns().size();
        crash.reached("journal-committed");
        for (Feedback fb : journal) {
            if (fb.problem()) {
                run.problems.add(fb.detail());
            } else if ("pending".equals(fb.status())) {
                complete(f, fb, run);
            }
        }
    }

    /** Reads the skill's file now, while the journal row is written. */
    private static Feedback decide(SkillFiles f, String positionId, String skill, int delta) {
        if (SkillFiles.fileName(skill) == null) {
            return skipped(positionId, skill, "skill '" + skill + "' is not a valid file name", true);
        }
        Map<SkillState, Path> where = f.locate(skill);
        if (where.isEmpty()) {
            return skipped(positionId, skill, "skill '" + skill + "': no file " + SkillFiles.fileName(skill)
                    + " under pending/, active/ or archived/", true);
        }
        if (where.size() > 1) {
            return skipped(positionId, skill, "skill '" + skill + "': " + SkillFiles.fileName(skill)
                    + " lies in more than one folder " + where.keySet() + "; remove the duplicate", true);
        }
        if (where.containsKey(SkillState.ARCHIVED)) {
            // Archived skills are retired: their score stays as it was. Not a problem.
            return skipped(positionId, skill, "archived", false);
        }
        Scored s = score(f, where.values().iterator().next());
        if (s.problem != null) {
            return skipped(positionId, skill, s.problem, true);
        }
        return new Feedback(positionId, skill, "pending", s.line.score(), s.line.score() + delta, null, false);
    }

    private static Feedback skipped(String positionId, String skill, String detail, boolean problem) {
        return new Feedback(positionId, skill, "skipped", null, null, detail, problem);
    }

    /**
     * Writes a journaled score change to the file. The file shows the old score (not written
     * yet: write it), the new one (written before a crash: only mark it), or something else
     * (edited meanwhile: report, do not guess).
     */
    private void complete(SkillFiles f, Feedback fb, Run run) {
        Map<SkillState, Path> where = f.locate(fb.skill());
        String problem;
        if (where.size() != 1 || where.containsKey(SkillState.ARCHIVED)) {
            problem = "skill '" + fb.skill() + "': its file is no longer in exactly one of pending/ and active/ "
                    + where.keySet() + "; the outcome of position '" + fb.positionId() + "' is not applied";
        } else {
            Path file = where.values().iterator().next();
            try {
                byte[] content = SkillFiles.read(file);
                ScoreLine line = ScoreLine.find(content);
                if (line.problem() != null) {
                    problem = f.relative(file) + ": " + line.problem();
                } else if (line.score() == fb.newScore()) {
                    problem = null;
                } else if (line.score() == fb.oldScore()) {
                    f.rewrite(file, line.rewrite(content, fb.newScore()));
                    run.scoresChanged++;
                    problem = null;
                } else {
                    problem = f.relative(file) + ": score is " + line.score() + " where " + fb.oldScore()
                            + " was expected (edited meanwhile?); the outcome of position '" + fb.positionId()
                            + "' is not applied";
                }
            } catch (IOException e) {
                // Left pending: the next run tries again.
                run.problems.add(f.relative(file) + ": cannot rewrite the score (" + e + "); retried next run");
                return;
            }
        }
        if (problem != null) {
            run.problems.add(problem);
        }
        String status = problem == null ? "applied" : "skipped";
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE skill_feedback SET status = ?, detail = ?, updated_at = ?"
                    + " WHERE position_id = ? AND skill = ?")) {
                s.setString(1, status);
                s.setString(2, problem == null ? null : truncate(problem));
                s.setObject(3, timestamp(Instant.now()));
                s.setString(4, fb.positionId());
                s.setString(5, fb.skill());
                return s.executeUpdate();
            }
        });
    }

    /** Finishes what a crash interrupted: temporary files, half-done moves, journaled score changes. */
    private void recover(SkillFiles f, Run run) {
        try {
            run.problems.addAll(f.recover());
        } catch (IOException e) {
            run.problems.add("cannot check the skill folders for leftovers: " + e);
        }
        List<Feedback> pending = db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT position_id, skill, old_score, new_score"
                    + " FROM skill_feedback WHERE status = 'pending' ORDER BY updated_at, position_id, skill");
                    ResultSet r = s.executeQuery()) {
                List<Feedback> out = new ArrayList<>();
                while (r.next()) {
                    out.add(new Feedback(r.getString(1), r.getString(2), "pending", r.getInt(3), r.getInt(4), null, false));
                }
                return out;
            }
        });
        for (Feedback fb : pending) {
            complete(f, fb, run);
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------

    private void lifecycle(SkillFiles f, Instant at, Run run) {
        List<Path> pending;
        List<Path> active;
        try {
            // Both lists are taken before anything moves, as in the reference.
            pending = f.list(SkillState.PENDING);
            active = f.list(SkillState.ACTIVE);
        } catch (IOException e) {
            run.problems.add("cannot list the skill folders under " + f.root() + ": " + e);
            return;
        }
        for (Path p : pending) {
            Scored s = score(f, p);
            if (s.problem != null) {
                run.problems.add(s.problem);
            } else if (s.line.score() >= PROMOTE_AT) {
                move(f, p, SkillState.PENDING, SkillState.ACTIVE, s.line.score(), at, run, run.promoted);
            }
        }
        for (Path p : active) {
            Scored s = score(f, p);
            if (s.problem != null) {
                run.problems.add(s.problem);
            } else if (s.line.score() <= ARCHIVE_AT) {
                move(f, p, SkillState.ACTIVE, SkillState.ARCHIVED, s.line.score(), at, run, run.archived);
            }
        }
    }

    /** Thrown inside the move's transaction to roll its event back when the file did not move. */
    private static final class NotMoved extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotMoved(String why) {
            super(why, null, false, false);
        }
    }

    private void move(SkillFiles f, Path file, SkillState from, SkillState to, int score, Instant at, Run run,
            List<String> moved) {
        String name = SkillFiles.skillName(file);
        JsonObject payload = new JsonObject();
        payload.addProperty("from", from.wireName());
        payload.addProperty("score", score);
        payload.addProperty("skill", name);
        payload.addProperty("to", to.wireName());
        try {
            // The event and the move stand or fall together: a clash rolls the event back.
            db.inTransaction(c -> {
                events.append(new NewEvent(EventTypes.SKILL_LIFECYCLE, at, SOURCE, null, payload.toString()));
                String why;
                try {
                    why = f.move(file, to);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (why != null) {
                    throw new NotMoved(why);
                }
                return null;
            });
            moved.add(name);
        } catch (NotMoved e) {
            run.problems.add(e.getMessage());
        } catch (UncheckedIOException e) {
            run.problems.add(f.relative(file) + ": cannot move to " + to.wireName() + "/: " + e.getCause());
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    /** A file's score or the reason it has none. */
    private record Scored(ScoreLine line, String problem) {
    }

    private static Scored score(SkillFiles f, Path file) {
        try {
            ScoreLine line = ScoreLine.find(SkillFiles.read(file));
            return new Scored(line, line.problem() == null ? null : f.relative(file) + ": " + line.problem());
        } catch (IOException e) {
            return new Scored(null, f.relative(file) + ": unreadable (" + e + ")");
        }
    }

    private static boolean fed(Connection c, String positionId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM corpus_positions WHERE position_id = ?")) {
            s.setString(1, positionId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void insert(Connection c, Feedback fb, int delta, LocalDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO skill_feedback (position_id, skill, delta, old_score,"
                + " new_score, status, detail, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, fb.positionId());
            s.setString(2, fb.skill());
            s.setInt(3, delta);
            s.setObject(4, fb.oldScore());
            s.setObject(5, fb.newScore());
            s.setString(6, fb.status());
            s.setString(7, fb.detail() == null ? null : truncate(fb.detail()));
            s.setObject(8, now);
            s.executeUpdate();
        }
    }

    /**
     * Positions closed since the last cycle up to the instant whose conviction names skills or
     * patterns, not fed yet, then those closed before it whose conviction was recorded since; in
     * close order.
     */
    private static List<String> unfed(Connection c, Instant asOf, SweepWindow window) throws SQLException {
        List<String> out = new ArrayList<>();
        if (window.hasNewCloses()) {
            try (PreparedStatement s = c.prepareStatement("SELECT p.id FROM positions p WHERE " + FEEDABLE
                    + " AND p.close_seq > ? AND p.closed_at >= ?"
                    + " ORDER BY p.closed_at, p.id")) {
                s.setObject(1, timestamp(asOf));
                s.setLong(2, window.afterCloseSeq());
                s.setObject(3, timestamp(window.fromClosedAt()));
                readIds(s, out);
            }
        }
        if (window.hasNewConvictions() && window.afterCloseSeq() >= 0) {
            // Driven by the few new convictions, through the positions' conviction index.
            try (PreparedStatement s = c.prepareStatement("SELECT p.id FROM conviction_scores v JOIN positions p"
                    + " ON p.conviction_id = v.id WHERE v.event_seq > ? AND v.event_seq <= ? AND " + FEEDABLE
                    + " AND p.close_seq <= ? ORDER BY p.closed_at, p.id")) {
                s.setLong(1, window.afterConvictionSeq());
                s.setLong(2, window.nextConvictionSeq());
                s.setObject(3, timestamp(asOf));
                s.setLong(4, window.afterCloseSeq());
                readIds(s, out);
            }
        }
        return out;
    }

    private static void readIds(PreparedStatement s, List<String> out) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
    }

    private static String truncate(String s) {
        return s.length() <= 1024 ? s : s.substring(0, 1021) + "...";
    }

    private static LocalDateTime timestamp(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
