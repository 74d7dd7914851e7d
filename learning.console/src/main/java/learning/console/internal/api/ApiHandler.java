package learning.console.internal.api;

/**
 * Answers one route. Handlers throw the API's exceptions for bad input, conflicts and unknown
 * ids; the router turns them into 400, 409 and 404 answers.
 */
@FunctionalInterface
public interface ApiHandler {
    /**
     * @param request the routed request
     * @return the answer
     */
    ApiResponse handle(ApiRequest request);
}
