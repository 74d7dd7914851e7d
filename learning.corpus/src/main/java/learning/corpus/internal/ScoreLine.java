package learning.corpus.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The score of a skill file: the first line among the first 40 whose trimmed, lower-cased text
 * starts with {@code score:}, its rest parsed as an integer ({@code +3} is 3). Unlike the
 * reference, a missing or unparsable score is a problem with a reason, never a silent 0.
 *
 * <p>Works on the file's bytes, read as ISO-8859-1 so that every character is one byte: the
 * score can then be rewritten by replacing exactly the bytes of its number, and every other byte
 * of the file (encoding, line endings, spacing, the rest of the line) stays as it was.
 *
 * @param score the score, if {@code problem} is null
 * @param line the 1-based line number of the score line, or 0 when there is none
 * @param valueStart offset of the number's first byte in the file
 * @param valueEnd offset just after the number's last byte
 * @param problem why there is no score, or null
 */
record ScoreLine(int score, int line, int valueStart, int valueEnd, String problem) {
    /** How many lines are searched, as in the reference. */
    static final int MAX_LINES = 40;
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,9}");

    /**
     * @param content a skill file's bytes
     * @return its score line, or a problem
     */
    static ScoreLine find(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        int start = 0;
        for (int line = 1; line <= MAX_LINES && start < text.length(); line++) {
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            String raw = text.substring(start, end);
            if (raw.trim().toLowerCase(Locale.ROOT).startsWith("score:")) {
                int from = start + raw.indexOf(':') + 1;
                int to = end;
                while (from < to && text.charAt(from) <= ' ') {
                    from++;
                }
                while (to > from && text.charAt(to - 1) <= ' ') {
                    to--;
                }
                String value = text.substring(from, to);
                if (!INTEGER.matcher(value).matches()) {
                    return new ScoreLine(0, line, from, to, "line " + line + ": score '" + value + "' is not an integer");
                }
                return new ScoreLine(Integer.parseInt(value), line, from, to, null);
            }
            // A line ends at \n, \r or \r\n (as Python's splitlines counts them).
            start = end < text.length() && text.charAt(end) == '\r' && end + 1 < text.length()
                    && text.charAt(end + 1) == '\n' ? end + 2 : end + 1;
        }
        return new ScoreLine(0, 0, 0, 0, "no 'score:' line within the first " + MAX_LINES + " lines");
    }

    /**
     * @param content the file's bytes this line was found in
     * @param newScore the score to write
     * @return the same bytes with only the number replaced
     */
    byte[] rewrite(byte[] content, int newScore) {
        if (problem != null) {
            throw new IllegalStateException("no score to rewrite: " + problem);
        }
        byte[] number = Integer.toString(newScore).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[content.length - (valueEnd - valueStart) + number.length];
        System.arraycopy(content, 0, out, 0, valueStart);
        System.arraycopy(number, 0, out, valueStart, number.length);
        System.arraycopy(content, valueEnd, out, valueStart + number.length, content.length - valueEnd);
        return out;
    }
}
