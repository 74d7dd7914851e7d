package learning.console.internal.api;

import java.util.Map;

import learning.api.ValidationException;
import learning.console.internal.auth.ActingPrincipal;

/**
 * A request as a handler sees it: authenticated, routed, body read.
 *
 * @param method the HTTP method, upper case
 * @param path the path below {@code /api/v1}, starting with {@code /}
 * @param pathParameters values of the route's {@code {name}} segments
 * @param query the query parameters
 * @param body the body bytes (empty when there is none)
 * @param principal who sent it
 */
public record ApiRequest(String method, String path, Map<String, String> pathParameters, QueryParameters query,
        byte[] body, ActingPrincipal principal) {

    /**
     * @param name the name of a {@code {name}} segment of the route
     * @return its value
     * @throws ValidationException when the route has no such segment or it is blank
     */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null || value.isBlank()) {
            throw new ValidationException(name, "is missing in the path");
        }
        return value;
    }
}
