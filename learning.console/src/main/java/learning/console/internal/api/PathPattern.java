package learning.console.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A route's path such as {@code /positions/{id}/close}: literal segments and named
 * {@code {name}} segments that match any one non-empty segment.
 */
public final class PathPattern {
    private final String pattern;
    private final String[] segments;

    /**
     * @param pattern the pattern, starting with {@code /}
     */
    public PathPattern(String pattern) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a path pattern starts with /: " + pattern);
        }
        this.pattern = pattern;
        this.segments = split(pattern);
    }

    /**
     * @param path a normalised path
     * @return the values of the named segments when the path matches, else empty
     */
    public Optional<Map<String, String>> match(String path) {
        String[] parts = split(path);
        if (parts.length != segments.length) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String segment = segments[i];
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                values.put(segment.substring(1, segment.length() - 1), parts[i]);
            } else if (!segment.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
