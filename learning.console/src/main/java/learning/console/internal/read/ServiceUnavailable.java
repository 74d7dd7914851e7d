package learning.console.internal.read;

import learning.console.internal.api.ApiResponse;

/** The answer when the component behind an endpoint is not installed or not running. */
final class ServiceUnavailable {
    private ServiceUnavailable() {
    }

    static ApiResponse answer(String what) {
        return ApiResponse.error(503, what + " is not running: install or start its bundle", null);
    }
}
