package learning.corpus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

import learning.api.ConflictException;
import learning.api.NotFoundException;
import learning.api.corpus.CorpusRun;
import learning.api.corpus.PatternStats;
import learning.api.corpus.Skill;
import learning.api.corpus.SkillState;
import learning.api.event.EventTypes;
import learning.api.ledger.Conviction;
import learning.api.ledger.Direction;
import learning.api.ledger.Position;
import learning.api.ledger.PositionClose;
import learning.api.ledger.PositionStatus;
import learning.store.internal.Store;

class FileCorpusServiceTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    @TempDir
    Path skills;
    private Store store;
    private FileCorpusService corpus;

    /** Stands for the process dying at a crash point: nothing after it runs. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @BeforeEach
    void open() {
        store = Store.open("jdbc:hsqldb:mem:" + UUID.randomUUID());
        corpus = restart();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A new service on the same database and folder, as after a process restart. */
    private FileCorpusService restart() {
        FileCorpusService.Config config = Converters.standardConverter()
                .convert(Map.of("skills.dir", skills.toString())).to(FileCorpusService.Config.class);
        return new FileCorpusService(null, config, store.database(), store.events(), store.ledger());
    }

    @Test
    void referenceScenarioPromotesPendingAtThreeAndArchivesActiveAtMinusThree() throws IOException {
        write("pending", "skill_a", "---\nscore: 3\n---");
        write("active", "skill_b", "---\nscore: -3\n---");

        CorpusRun run = corpus.runCycle(T0);

        assertEquals(List.of("skill_a"), run.promoted());
        assertEquals(List.of("skill_b"), run.archived());
        assertEquals(List.of(), run.problems());
        assertEquals("---\nscore: 3\n---", read("active", "skill_a"));
        assertEquals("---\nscore: -3\n---", read("archived", "skill_b"));
        assertFalse(Files.exists(skills.resolve("pending/skill_a.md")));
        assertFalse(Files.exists(skills.resolve("active/skill_b.md")));
        assertEquals(2, store.events().count(EventTypes.SKILL_LIFECYCLE));
    }

    @Test
    void onlyPendingAtThreeOrMoreAndActiveAtMinusThreeOrLessMove() throws IOException {
        write("pending", "low", "score: -5");
        write("pending", "almost", "score: 2");
        write("active", "strong", "score: 9");
        write("active", "weak", "score: -2");
        write("archived", "old", "score: 10");

        CorpusRun run = corpus.runCycle(T0);

        assertEquals(List.of(), run.promoted());
        assertEquals(List.of(), run.archived());
        assertEquals(5, corpus.skills().size());
    }

    @Test
    void winAndLossMoveTheScoreByOneAndKeepEveryOtherByte() throws IOException {
        String before = "# Skill C\r\n\ntitle: breakout  \r\n  Score:  +1   \r\nbody \u00fcn\u00efcode, score: 7\n\tend";
        write("pending", "skill_c", before);
        closedPosition("p-win", "c-1", T0, 10.0, List.of("skill_c"), List.of());

        CorpusRun win = corpus.applyOutcome("p-win");

        assertEquals(1, win.scoresChanged());
        assertArrayEquals(before.replace("+1", "2").getBytes(StandardCharsets.UTF_8), bytes("pending", "skill_c"));

        closedPosition("p-loss", "c-2", T0.plusSeconds(60), -4.0, List.of("skill_c"), List.of());
        corpus.applyOutcome("p-loss");
        corpus.applyOutcome("p-loss");
        corpus.runCycle(T0.plusSeconds(60));

        assertArrayEquals(before.replace("+1", "1").getBytes(StandardCharsets.UTF_8), bytes("pending", "skill_c"));
        assertEquals(List.of(), leftovers(), "no temporary file stays behind");
    }

    @Test
    void eachPositionMovesEachSkillOnceWhetherByCloseCallOrCycle() throws IOException {
        write("pending", "s", "score: 0");
        closedPosition("p-1", "c-1", T0, 10.0, List.of("s"), List.of());
        closedPosition("p-2", "c-2", T0.plusSeconds(60), 10.0, List.of("s"), List.of());
        closedPosition("p-3", "c-3", T0.plusSeconds(120), 10.0, List.of("s"), List.of());

        corpus.applyOutcome("p-1");
        CorpusRun first = corpus.runCycle(T0.plusSeconds(60));
        CorpusRun second = corpus.runCycle(T0.plusSeconds(60));

        assertEquals(1, first.scoresChanged(), "p-2 only: p-1 was fed by its close, p-3 is after as_of");
        assertEquals(0, second.scoresChanged());
        assertEquals("score: 2", read("pending", "s"));

        CorpusRun third = corpus.runCycle(T0.plusSeconds(120));

        assertEquals(1, third.scoresChanged());
        assertEquals(List.of("s"), third.promoted(), "the third win brings it to 3");
        assertEquals("score: 3", read("active", "s"));
    }

    @Test
    void cycleFeedsAPositionReportedClosedLateAndOneWhoseConvictionWasRecordedAfterItClosed() throws IOException {
        write("pending", "s", "score: 0");
        closedPosition("p-1", "c-1", T0, 10.0, List.of("s"), List.of());
        assertEquals(1, corpus.runCycle(T0.plusSeconds(3600)).scoresChanged());

        // Reported after that cycle, closed before the position it fed.
        closedPosition("p-0", "c-0", T0.minusSeconds(600), 10.0, List.of("s"), List.of());
        // Closed before that cycle, its conviction recorded only now.
        store.ledger().openPosition(new Position("p-late", "BTC", Direction.LONG, PositionStatus.OPEN,
                T0.minus(Duration.ofHours(3)), null, null, "c-late", null, null, null, null, null));
        store.ledger().closePosition("p-late", new PositionClose(T0.minusSeconds(60), 10.0, null, null));
        assertEquals(1, corpus.runCycle(T0.plusSeconds(3600)).scoresChanged(), "p-0; p-late has no conviction yet");
        assertEquals("score: 2", read("pending", "s"));
        store.ledger().recordConviction(new Conviction("c-late", "cycle-late", "BTC", 0.7, T0.minus(Duration.ofDays(1)),
                Map.of("onchain", 0.5), List.of("s"), List.of(), null, null));

        CorpusRun next = corpus.runCycle(T0.plusSeconds(3600));
        CorpusRun again = corpus.runCycle(T0.plusSeconds(7200));

        assertEquals(1, next.scoresChanged(), "p-late");
        assertEquals(List.of("s"), next.promoted(), "p-1, p-0 and p-late: three wins");
        assertEquals("score: 3", read("active", "s"));
        assertEquals(0, again.scoresChanged());
    }

    @Test
    void corruptedSkillFileIsReportedWhileTheOthersAreStillProcessed() throws IOException {
        write("pending", "bad", "---\nscore: 3.0\n---");
        write("pending", "no_score", "just text\n");
        write("pending", "good", "score: 2");
        write("active", "fine", "score: 0");
        closedPosition("p-1", "c-1", T0, 10.0, List.of("bad", "ghost", "good", "fine"), List.of());

        CorpusRun run = corpus.runCycle(T0);

        assertEquals(2, run.scoresChanged(), "good and fine moved");
        assertEquals(List.of("good"), run.promoted());
        assertEquals("score: 1", read("active", "fine"));
        assertEquals("---\nscore: 3.0\n---", read("pending", "bad"), "a bad file is never rewritten");
        assertTrue(has(run.problems(), "pending/bad.md: line 2: score '3.0' is not an integer"), run.problems().toString());
        assertTrue(has(run.problems(), "ghost"), run.problems().toString());
        assertTrue(has(run.problems(), "pending/no_score.md: no 'score:' line"), run.problems().toString());

        Skill bad = corpus.skills().stream().filter(s -> s.name().equals("bad")).findFirst().orElseThrow();
        assertNull(bad.score());
        assertTrue(bad.problem().contains("3.0"));
    }

    @Test
    void nameClashIsReportedAndNothingIsOverwritten() throws IOException {
        write("pending", "dup", "score: 5\npending version");
        write("active", "dup", "score: 1\nactive version");

        CorpusRun run = corpus.runCycle(T0);

        assertEquals(List.of(), run.promoted());
        assertTrue(has(run.problems(), "name clash: active/dup.md already exists"), run.problems().toString());
        assertEquals("score: 5\npending version", read("pending", "dup"));
        assertEquals("score: 1\nactive version", read("active", "dup"));
        assertEquals(0, store.events().count(EventTypes.SKILL_LIFECYCLE), "no event for a move that did not happen");
    }

    @Test
    void crashBetweenLinkAndUnlinkLosesNoFileAndTheNextRunCompletesTheMove() throws IOException {
        write("pending", "mover", "score: 4\nkeep me");
        corpus.crash = crashAt("linked");

        assertThrows(SimulatedCrash.class, () -> corpus.runCycle(T0));
        assertEquals("score: 4\nkeep me", read("pending", "mover"), "the file is still there");
        assertEquals("score: 4\nkeep me", read("active", "mover"), "and already under its new name");

        CorpusRun next = restart().runCycle(T0);

        assertFalse(Files.exists(skills.resolve("pending/mover.md")));
        assertEquals("score: 4\nkeep me", read("active", "mover"));
        assertTrue(has(next.problems(), "completed the interrupted move of pending/mover.md"), next.problems().toString());
    }

    @Test
    void crashAfterTheTemporaryFileIsWrittenKeepsTheOldFileAndTheNextRunAppliesTheScoreOnce() throws IOException {
        write("active", "s", "title\nscore: 1\n");
        closedPosition("p-1", "c-1", T0, 10.0, List.of("s"), List.of());
        corpus.crash = crashAt("temp-written");

        assertThrows(SimulatedCrash.class, () -> corpus.applyOutcome("p-1"));
        assertEquals("title\nscore: 1\n", read("active", "s"), "the original is intact");
        assertEquals(1, leftovers().size(), "the interrupted rewrite left its temporary file");

        FileCorpusService restarted = restart();
        CorpusRun next = restarted.runCycle(T0);
        CorpusRun again = restarted.runCycle(T0);

        assertEquals("title\nscore: 2\n", read("active", "s"));
        assertEquals(1, next.scoresChanged());
        assertEquals(0, again.scoresChanged());
        assertEquals(List.of(), leftovers());
        assertTrue(has(next.problems(), "left by an interrupted score rewrite"), next.problems().toString());
    }

    @Test
    void crashAfterTheFileIsReplacedDoesNotApplyTheScoreTwice() throws IOException {
        write("active", "s", "score: 1");
        closedPosition("p-1", "c-1", T0, -10.0, List.of("s"), List.of());
        corpus.crash = crashAt("file-replaced");

        assertThrows(SimulatedCrash.class, () -> corpus.applyOutcome("p-1"));
        assertEquals("score: 0", read("active", "s"));

        CorpusRun next = restart().runCycle(T0);

        assertEquals("score: 0", read("active", "s"), "recognized as written, not written again");
        assertEquals(0, next.scoresChanged());
    }

    @Test
    void crashBeforeTheFileIsTouchedAppliesTheJournaledScoreOnTheNextRun() throws IOException {
        write("pending", "s", "score: 2");
        closedPosition("p-1", "c-1", T0, 10.0, List.of("s"), List.of());
        corpus.crash = crashAt("journal-committed");

        assertThrows(SimulatedCrash.class, () -> corpus.runCycle(T0));
        assertEquals("score: 2", read("pending", "s"));

        CorpusRun next = restart().runCycle(T0);

        assertEquals(1, next.scoresChanged());
        assertEquals(List.of("s"), next.promoted());
        assertEquals("score: 3", read("active", "s"));
    }

    @Test
    void patternMatchesGetTheOutcomeAndKeepPerPatternWinRates() {
        closedPosition("p-1", "c-1", T0, 10.0, List.of(), List.of("breakout", "divergence"));
        closedPosition("p-2", "c-2", T0, -5.0, List.of(), List.of("breakout"));
        closedPosition("p-3", "c-3", T0, 0.0, List.of(), List.of("breakout"));

        CorpusRun run = corpus.runCycle(T0);
        CorpusRun again = corpus.runCycle(T0);

        assertEquals(4, run.patternsScored());
        assertEquals(0, again.patternsScored());
        assertEquals(List.of(new PatternStats("breakout", 3, 1, 1.0 / 3), new PatternStats("divergence", 1, 1, 1.0)),
                corpus.patterns());
    }

    @Test
    void archivedSkillsKeepTheirScore() throws IOException {
        write("archived", "retired", "score: -4");
        closedPosition("p-1", "c-1", T0, 10.0, List.of("retired"), List.of());

        CorpusRun run = corpus.applyOutcome("p-1");

        assertEquals(0, run.scoresChanged());
        assertEquals(List.of(), run.problems());
        assertEquals("score: -4", read("archived", "retired"));
    }

    @Test
    void skillsListsEveryFileWithItsStateAndScore() throws IOException {
        write("pending", "b", "score: 1");
        write("pending", "a", "score: +2");
        write("active", "c", "nothing");
        write("archived", "d", "Score: -7");
        Files.writeString(skills.resolve("pending/notes.txt"), "not a skill");

        List<Skill> list = corpus.skills();

        assertEquals(List.of(new Skill("a", SkillState.PENDING, 2, null), new Skill("b", SkillState.PENDING, 1, null),
                new Skill("c", SkillState.ACTIVE, null, "active/c.md: no 'score:' line within the first 40 lines"),
                new Skill("d", SkillState.ARCHIVED, -7, null)), list);
    }

    @Test
    void unknownPositionIsNotFoundAndOpenPositionIsAConflict() {
        assertEquals("id", assertThrows(NotFoundException.class, () -> corpus.applyOutcome("nope")).field());
        store.ledger().openPosition(new Position("open", "BTC", Direction.LONG, PositionStatus.OPEN, T0, null, null,
                null, null, null, null, null, null));
        assertEquals("id", assertThrows(ConflictException.class, () -> corpus.applyOutcome("open")).field());
    }

    @Test
    void skillsFolderDefaultsToTheHomeFolder() {
        String saved = System.getProperty("learning.home");
        System.setProperty("learning.home", "/srv/engine");
        try {
            assertEquals(Path.of("/srv/engine/corpus/skills"), FileCorpusService.skillsRoot("", null));
            assertEquals(Path.of("/elsewhere"), FileCorpusService.skillsRoot(" /elsewhere ", null));
        } finally {
            if (saved == null) {
                System.clearProperty("learning.home");
            } else {
                System.setProperty("learning.home", saved);
            }
        }
    }

    @Test
    void cycleReportsItsCountsAndProblems() throws IOException {
        write("pending", "x", "score: 3");
        write("pending", "y", "score: three");

        Map<String, Object> counts = new CorpusCycle(corpus).run(T0);

        assertEquals(List.of("x"), counts.get("promoted"));
        assertEquals(0, counts.get("scores_changed"));
        assertEquals(List.of("pending/y.md: line 1: score 'three' is not an integer"), counts.get("problems"));
    }

    // ---- fixtures -------------------------------------------------------------------------

    private static SkillFiles.CrashPoint crashAt(String where) {
        return point -> {
            if (point.equals(where)) {
                throw new SimulatedCrash();
            }
        };
    }

    private void closedPosition(String id, String convictionId, Instant closedAt, double pnl, List<String> skillNames,
            List<String> patterns) {
        store.ledger().recordConviction(new Conviction(convictionId, "cycle-" + convictionId, "BTC", 0.7,
                closedAt.minus(Duration.ofDays(1)), Map.of("onchain", 0.5), skillNames, patterns, null, null));
        store.ledger().openPosition(new Position(id, "BTC", Direction.LONG, PositionStatus.OPEN,
                closedAt.minus(Duration.ofHours(3)), null, null, convictionId, null, null, null, null, null));
        store.ledger().closePosition(id, new PositionClose(closedAt, pnl, null, null));
    }

    private void write(String state, String name, String content) throws IOException {
        Files.write(skills.resolve(state).resolve(name + ".md"), content.getBytes(StandardCharsets.UTF_8));
    }

    private String read(String state, String name) throws IOException {
        return new String(bytes(state, name), StandardCharsets.UTF_8);
    }

    private byte[] bytes(String state, String name) throws IOException {
        return Files.readAllBytes(skills.resolve(state).resolve(name + ".md"));
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> all = Files.walk(skills)) {
            return all.filter(p -> p.getFileName().toString().endsWith(SkillFiles.TEMP_SUFFIX)).toList();
        }
    }

    private static boolean has(List<String> problems, String part) {
        return problems.stream().anyMatch(p -> p.contains(part));
    }
}
