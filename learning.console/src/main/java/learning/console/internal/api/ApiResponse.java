package learning.console.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;

import learning.console.internal.json.JsonOutput;

/**
 * An answer of the API: status, JSON body and extra headers. The servlet copies it to the
 * HTTP response; tests read it directly.
 *
 * @param status the HTTP status
 * @param json the body, a JSON document
 * @param headers extra headers (for example {@code WWW-Authenticate}, {@code Allow})
 */
public record ApiResponse(int status, String json, Map<String, String> headers) {
    /** Copies the headers so the record stays immutable. */
    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    /**
     * @param status the HTTP status
     * @param json the body
     * @return the response, without extra headers
     */
    public static ApiResponse json(int status, String json) {
        return new ApiResponse(status, json, Map.of());
    }

    /**
     * @param status the HTTP status
     * @param message what went wrong, for the client
     * @param field the offending field, or null
     * @return {@code {"error": message, "field": field}} with that status
     */
    public static ApiResponse error(int status, String message, String field) {
        return json(status, JsonOutput.error(message, field));
    }

    /**
     * @param name a header name
     * @param value its value
     * @return this response with the header added
     */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, json, more);
    }
}
