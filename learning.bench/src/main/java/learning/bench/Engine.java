package learning.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The exported engine jar started as a process on a free port with a fresh home. */
final class Engine implements AutoCloseable {
    final Process process;
    final int port;
    final Path home;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final long startNanos;
    long readyNanos;
    String token;

    private Engine(Process process, int port, Path home, long startNanos) {
        this.process = process;
        this.port = port;
        this.home = home;
        this.startNanos = startNanos;
    }

    static Engine start(Path jar, List<String> extraProperties) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no engine jar at " + jar + ": build it first (mvn -B -DskipTests install)");
        }
        Path home = Files.createTempDirectory("bench-home");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(javaBin(), "-Dlearning.home=" + home,
                "-Dorg.osgi.service.http.port=" + port));
        cmd.addAll(extraProperties);
        // -Dbench.engine.args="-XX:StartFlightRecording=filename=/tmp/engine.jfr" profiles the engine
        String args = System.getProperty("bench.engine.args", "").strip();
        if (!args.isEmpty()) {
            cmd.addAll(List.of(args.split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("engine.log").toFile())
                .start();
        Engine e = new Engine(p, port, home, t0);
        e.awaitReady(Duration.ofSeconds(60));
        return e;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitReady(Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("engine exited early; see " + home.resolve("engine.log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/health/ready")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    readyNanos = System.nanoTime();
                    token = Files.readString(home.resolve("data").resolve("operator.token")).trim();
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("engine not ready after " + max + "; see " + home.resolve("engine.log"));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    double startupSeconds() {
        return (readyNanos - startNanos) / 1e9;
    }

    /** @return resident set size of the engine process in MiB, from /proc */
    double residentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try {
            BenchMain.deleteTree(home);
        } catch (IOException e) {
            System.err.println("could not delete the engine's temporary home " + home + ": " + e);
        }
    }
}
