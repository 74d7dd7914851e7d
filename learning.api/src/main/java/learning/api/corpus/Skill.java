package learning.api.corpus;

/**
 * A skill file.
 *
 * @param name the file name without {@code .md}
 * @param state the folder it lies in
 * @param score the first {@code score: <int>} line within the first 40 lines, or null when the file is
 *        unreadable or that line is missing or malformed
 * @param problem why the score could not be read, or null
 */
public record Skill(String name, SkillState state, Integer score, String problem) {
}
