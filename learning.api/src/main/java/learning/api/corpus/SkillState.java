package learning.api.corpus;

/** A skill file's lifecycle state: the folder it lies in under {@code <home>/corpus/skills/}. */
public enum SkillState {
    /** Under trial; promoted at score 3 or more. */
    PENDING,
    /** In use; archived at score -3 or less. */
    ACTIVE,
    /** Retired; never changes again. */
    ARCHIVED;

    /** @return the folder name, lower case */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
