package learning.api.cycle;

import java.time.Instant;
import java.util.Map;

/**
 * The record of one cycle run.
 *
 * @param cycle the cycle's name
 * @param asOf the instant it ran for
 * @param startedAt wall-clock start
 * @param endedAt wall-clock end
 * @param status succeeded, failed or skipped
 * @param counts what it did, by name (numbers, strings, or nested maps for a full cycle)
 * @param error the failure, or null
 */
public record CycleReport(String cycle, Instant asOf, Instant startedAt, Instant endedAt, CycleStatus status,
        Map<String, Object> counts, String error) {
}
