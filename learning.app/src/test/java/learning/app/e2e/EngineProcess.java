package learning.app.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The exported engine ({@code target/learning-engine.jar}) running as a child process, as an
 * operator starts it: {@code java -Dlearning.home=HOME -Dorg.osgi.service.http.port=PORT -jar ...},
 * on a free port, with its output in {@code target/e2e-logs/}.
 * <p>
 * {@link #close()} stops whatever is still running, so a failed test leaves no engine behind.
 */
final class EngineProcess implements AutoCloseable {
    /** How long an engine may take to answer {@code /health/ready} before a test gives up. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private static final Path ENGINE_JAR = Paths.get(System.getProperty("engine.jar", "target/learning-engine.jar"));
    private static final Path LOGS = Paths.get(System.getProperty("e2e.logs", "target/e2e-logs"));
    private static final Path TARGET = LOGS.toAbsolutePath().getParent();

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final Path home;
    private final int port;
    private final Path log;
    private final Process process;
    private final long startedNanos;

    private EngineProcess(Path home, int port, Path log, Process process, long startedNanos) {
        this.home = home;
        this.port = port;
        this.log = log;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /**
     * @param name names the home folder and log file
     * @return a new home folder under {@code target/e2e-homes}, empty but for the configuration
     *         that keeps the Binance price source off
     */
    static Path newHome(String name) throws IOException {
        Path homes = Files.createDirectories(TARGET.resolve("e2e-homes"));
        Path home = Files.createTempDirectory(homes, name + "-");
        // Nothing in the tests reaches the internet: the Binance price source is off, and points
        // at a closed local port in case a test switches it on.
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Files.writeString(deploy.resolve("learning.forecast.binance.cfg"),
                "enabled=false\nbase.url=http://127.0.0.1:9\n");
        return home;
    }

    /**
     * Starts an engine on {@code home} and a free port; does not wait for it.
     *
     * @param home the engine's home folder (working directory and {@code learning.home})
     * @param name names the log file, {@code target/e2e-logs/<name>.log}
     */
    static EngineProcess start(Path home, String name) throws IOException {
        return start(home, name, List.of());
    }

    /**
     * Starts an engine on {@code home} and a free port with extra system properties; does not wait for it.
     *
     * @param home the engine's home folder (working directory and {@code learning.home})
     * @param name names the log file, {@code target/e2e-logs/<name>.log}
     * @param properties extra {@code -Dname=value} arguments, for example {@code -Dlearning.replay=true}
     */
    static EngineProcess start(Path home, String name, List<String> properties) throws IOException {
        assertTrue(Files.isRegularFile(ENGINE_JAR), "no engine jar at " + ENGINE_JAR.toAbsolutePath()
                + ": the package phase exports it");
        int port = freePort();
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve(name + ".log");
        // The launcher unpacks the framework storage into java.io.tmpdir; a SIGKILLed engine cannot
        // clean it up, so keep it under target/ rather than in /tmp.
        Path tmp = Files.createDirectories(TARGET.resolve("e2e-tmp"));
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp.toAbsolutePath(),
                "-Dlearning.home=" + home.toAbsolutePath(),
                "-Dorg.osgi.service.http.port=" + port));
        command.addAll(properties);
        command.addAll(List.of("-jar", ENGINE_JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        long started = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close(); // no console: stdin at EOF, as under a service manager
        return new EngineProcess(home, port, log, process, started);
    }

    /**
     * What the engine looked like from outside while it started.
     *
     * @param ready from process start to the first 200 of {@code /health/ready}
     * @param apiServingWhenReady whether {@code /api/v1} already answered (401 without a token, not
     *        404) right after that first 200
     * @param apiServing from process start until {@code /api/v1} answered
     */
    record Startup(Duration ready, boolean apiServingWhenReady, Duration apiServing) {
    }

    /**
     * Waits until {@code GET /health/ready} answers 200 and {@code /api/v1} is served (answers 401
     * to a request without token), at most {@link #READY_TIMEOUT} from process start.
     *
     * @return when each happened
     */
    Startup awaitReady() throws InterruptedException {
        long deadline = startedNanos + READY_TIMEOUT.toNanos();
        Duration ready = null;
        Boolean apiServingWhenReady = null;
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the engine exited with " + process.exitValue() + " before it was ready\n" + logTail());
            }
            try {
                if (ready == null) {
                    lastStatus = send(HttpRequest.newBuilder(uri("/health/ready"))
                            .timeout(Duration.ofSeconds(2)).GET().build()).statusCode();
                    if (lastStatus == 200) {
                        ready = sinceStart();
                    }
                }
                if (ready != null) {
                    boolean serving = get("/api/v1/events").statusCode() == 401;
                    if (apiServingWhenReady == null) {
                        apiServingWhenReady = serving;
                    }
                    if (serving) {
                        return new Startup(ready, apiServingWhenReady, sinceStart());
                    }
                }
            } catch (IOException notListeningYet) {
                // Jetty is not up yet
            }
            Thread.sleep(50);
        }
        fail(ready == null
                ? "the engine did not answer /health/ready with 200 within " + READY_TIMEOUT.toSeconds()
                        + " s (last status " + lastStatus + ")\n" + logTail()
                : "/health/ready answered 200 after " + ready.toMillis() + " ms, but /api/v1 was not served within "
                        + READY_TIMEOUT.toSeconds() + " s\n" + logTail());
        return null;
    }

    private Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** @return the operator token the engine wrote to {@code data/operator.token} */
    String operatorToken() throws IOException {
        return Files.readString(tokenFile(), StandardCharsets.UTF_8).strip();
    }

    Path tokenFile() {
        return home.resolve("data").resolve("operator.token");
    }

    Path home() {
        return home;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** GET without credentials. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path, null).GET().build());
    }

    /** GET with {@code Authorization: Bearer <token>}. */
    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(request(path, token).GET().build());
    }

    /** POST a JSON body with {@code Authorization: Bearer <token>} (no header when token is null). */
    HttpResponse<String> post(String path, String json, String token) throws IOException, InterruptedException {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build());
    }

    /** SIGKILL: the JVM ends at once, no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            fail("the engine survived SIGKILL for 10 s");
        }
    }

    /**
     * SIGTERM, as a service manager stops the engine.
     *
     * @param timeout how long the engine may take to exit
     * @return its exit code
     */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("the engine did not exit within " + timeout.toSeconds() + " s of SIGTERM\n" + logTail());
        }
        return process.exitValue();
    }

    /** @return the whole log so far */
    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the log holds {@code text}: a component logs from its own activation, which may
     * come after {@code /health/ready} first answers 200.
     *
     * @param text what the log must contain
     * @param within how long to wait at most
     */
    void awaitLog(String text, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!logText().contains(text)) {
            if (System.nanoTime() > deadline) {
                fail("no \"" + text + "\" in the log within " + within.toSeconds() + " s\n" + logTail());
            }
            Thread.sleep(200);
        }
    }

    /** @return the last 60 lines of the log, for failure messages */
    String logTail() {
        List<String> lines = logText().lines().toList();
        return "--- last lines of " + log + " ---\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Stops an engine that is still running: SIGTERM, and SIGKILL if it is not gone after 10 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
