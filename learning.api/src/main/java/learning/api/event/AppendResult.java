package learning.api.event;

/**
 * What an append did.
 *
 * @param event the stored event: the new one, or the existing one when the dedupe key was known
 * @param created true when this append stored a new event, false when it returned an existing one
 */
public record AppendResult(Event event, boolean created) {
}
