package learning.itest;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import learning.api.ServiceProperties;

/**
 * The engine as an HTTP client sees it. Felix HTTP listens on a port it picked itself
 * ({@code org.osgi.service.http.port=0} in test.bndrun); the port is read from the
 * {@code osgi.http.endpoint} property of the whiteboard runtime service.
 */
final class EngineHttp {
    private static final String ENDPOINT = "osgi.http.endpoint";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BundleContext context;
    private final URI base;

    private EngineHttp(BundleContext context, URI base) {
        this.context = context;
        this.base = base;
    }

    /**
     * @param context the test bundle's context
     * @return a client of the engine, once Felix HTTP has published its endpoint
     */
    static EngineHttp of(BundleContext context) {
        String endpoint = Await.until("an HTTP runtime with an " + ENDPOINT + " property",
                () -> endpoint(context), e -> e != null);
        return new EngineHttp(context, URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/"));
    }

    private static String endpoint(BundleContext context) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(" + ENDPOINT + "=*)");
            if (refs == null) {
                return null;
            }
            Object value = refs[0].getProperty(ENDPOINT);
            if (value instanceof String[] all) {
                return all.length == 0 ? null : all[0];
            }
            return value == null ? null : value.toString();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An HTTP answer.
     *
     * @param status the status code
     * @param body the body as text
     * @param headers the headers
     */
    record Answer(int status, String body, HttpHeaders headers) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** @return the base URI, for example {@code http://127.0.0.1:41234/} */
    URI base() {
        return base;
    }

    /** @return the engine's home folder ({@code learning.home} in test.bndrun) */
    Path home() {
        String home = context.getProperty(ServiceProperties.HOME);
        assertNotNull(home, "test.bndrun sets learning.home");
        return Path.of(home);
    }

    /** @return {@code <home>/data/operator.token} */
    Path operatorTokenFile() {
        return home().resolve("data").resolve("operator.token");
    }

    /**
     * The operator token as the engine wrote it. Read at every call: the console draws a new one
     * whenever it starts on an empty database (a fresh in-memory one after a reconfiguration).
     *
     * @return the token
     */
    String operatorToken() {
        try {
            return Files.readString(operatorTokenFile()).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param path a path below the base, without the leading slash
     * @param token a bearer token, or null for none
     * @return the answer
     */
    Answer get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    /**
     * @param path a path below the base, without the leading slash
     * @param token a bearer token, or null for none
     * @param json the body
     * @return the answer
     */
    Answer post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * @param path a path below the base, without the leading slash
     * @param token a bearer token, or null for none
     * @param json the body
     * @return the answer
     */
    Answer put(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * Polls {@code GET path} (without a token) until it answers with {@code status}.
     *
     * @param path a path below the base, without the leading slash
     * @param status the awaited status code
     * @return that answer
     */
    Answer awaitStatus(String path, int status) {
        return Await.until("GET /" + path + " answering " + status, () -> getOrNull(path),
                r -> r != null && r.status() == status);
    }

    /** Waits until {@code GET /health/ready} answers 200: store, components and API all up. */
    void awaitReady() {
        awaitStatus("health/ready", 200);
    }

    private Answer getOrNull(String path) {
        try {
            return send(request(path, null).GET().build());
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
