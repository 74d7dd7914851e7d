package learning.console.internal.health;

/**
 * Something that keeps the engine from being ready.
 *
 * @param bundle the bundle's symbolic name, or null for the database
 * @param component the component's name, or null for a bundle or the database
 * @param state what state it is in, for example {@code unsatisfied reference}
 * @param detail why, for example the names of the missing references; may be empty
 */
public record NotReady(String bundle, String component, String state, String detail) {
}
