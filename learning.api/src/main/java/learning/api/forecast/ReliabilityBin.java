package learning.api.forecast;

/**
 * One confidence bin of a reliability diagram.
 *
 * @param lower the bin's lower edge (inclusive)
 * @param upper the bin's upper edge (exclusive, except 1.0)
 * @param count forecasts in the bin
 * @param meanConfidence their mean confidence, or null when empty
 * @param observedRate the share of them that was right, or null when empty
 */
public record ReliabilityBin(double lower, double upper, long count, Double meanConfidence, Double observedRate) {
}
