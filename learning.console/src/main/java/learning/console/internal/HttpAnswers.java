package learning.console.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import learning.console.internal.api.ApiResponse;

/** Copies an {@link ApiResponse} to the HTTP response. */
final class HttpAnswers {
    private HttpAnswers() {
    }

    static void send(HttpServletResponse response, ApiResponse answer, boolean withBody) throws IOException {
        byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        // Answers carry ledger data and never go stale in a useful way: no caches in between.
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            response.setHeader(h.getKey(), h.getValue());
        }
        response.setContentLength(bytes.length);
        if (withBody) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(bytes);
            }
        }
    }
}
