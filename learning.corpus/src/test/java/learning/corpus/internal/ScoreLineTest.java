package learning.corpus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ScoreLineTest {
    private static ScoreLine find(String text) {
        return ScoreLine.find(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void firstScoreLineWinsAndASignIsAllowed() {
        ScoreLine s = find("---\n  SCORE: +3 \nscore: 9\n");
        assertNull(s.problem());
        assertEquals(3, s.score());
        assertEquals(2, s.line());
    }

    @Test
    void aDecimalScoreIsAProblemNotZero() {
        assertEquals("line 1: score '3.0' is not an integer", find("score: 3.0").problem());
    }

    @Test
    void onlyTheFirstFortyLinesAreSearched() {
        assertEquals(7, find("x\n".repeat(39) + "score: 7").score());
        assertEquals("no 'score:' line within the first 40 lines", find("x\n".repeat(40) + "score: 7").problem());
    }

    @Test
    void carriageReturnsEndLinesToo() {
        ScoreLine s = find("a\rb\r\nscore:-2\r\n");
        assertEquals(-2, s.score());
        assertEquals(3, s.line());
    }

    @Test
    void rewriteReplacesOnlyTheNumber() {
        byte[] before = "t\u00e9te\r\nscore:   12  # no\r\n".getBytes(StandardCharsets.UTF_8);
        ScoreLine s = ScoreLine.find(before);
        assertEquals("line 2: score '12  # no' is not an integer", s.problem());
        byte[] ok = "t\u00e9te\r\nscore:   12  \r\nrest".getBytes(StandardCharsets.UTF_8);
        assertEquals("t\u00e9te\r\nscore:   -3  \r\nrest",
                new String(ScoreLine.find(ok).rewrite(ok, -3), StandardCharsets.UTF_8));
    }
}
