package learning.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The operator console in headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * installed by {@code src/test/scripts/ensure-chromium.sh} when missing), against the exported
 * engine started as a process. One engine serves every test, in order: its home has
 * {@code approval.required=true} for the weights, a viewer token, and ledger data seeded through
 * the REST API so that a weights cycle proposes a change. Screenshots of every page go to
 * {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final String VIEWER_TOKEN = "viewer-token-for-the-console-browser-test";
    private static final List<String> PAGES = List.of("overview", "weights", "producers", "meta", "outcomes",
            "corpus", "components");
    /** Endpoints that arrive with other bundles; while their component is not running they answer 503 (shown as "not available"). */
    private static final Pattern OPTIONAL_ENDPOINT = Pattern.compile(
            ".*/api/v1/(outcomes|performance|correlation|meta)\\b.* 503 .*");
    private static final Path SCREENSHOTS = Paths.get(System.getProperty("screenshots", "target/screenshots"));
    private static final Path HEDGE_JAR = Paths.get(System.getProperty("hedge.jar",
            "../learning.weights.hedge/target/learning.weights.hedge-1.0.0-SNAPSHOT.jar"));
    private static final Instant AS_OF = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    private static EngineProcess engine;
    private static String operatorToken;
    private static String base;
    private WebDriver driver;

    @BeforeAll
    static void startEngineWithDataToReview() throws Exception {
        Path home = EngineProcess.newHome("console");
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        // File Install 3.7.4 reads .cfg and .config files (not .cfg.json); .config keeps the types.
        Map<String, String> files = Map.of(
                "learning.weights.config", "approval.required=B\"true\"\n",
                "learning.console.config", "viewer.tokens=[\"" + VIEWER_TOKEN + "\"]\n",
                // The timer would run every due cycle a minute after start; the test runs them itself.
                "learning.loop.config", "tick.seconds=I\"86400\"\n");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(deploy.resolve(f.getKey()), f.getValue());
        }
        engine = EngineProcess.start(home, "console-browser");
        engine.awaitReady();
        operatorToken = engine.operatorToken();
        base = "http://127.0.0.1:" + port(engine);
        awaitConfiguration();
        seed();
        // The operator's files are read, never written: File Install used to write configurations
        // back, reformatting them, and once emptied learning.weights.config while reading it.
        for (Map.Entry<String, String> f : files.entrySet()) {
            assertEquals(f.getValue(), Files.readString(deploy.resolve(f.getKey())), f.getKey());
        }
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @Order(1)
    void signsInAndEveryPageLoadsWithoutConsoleErrors() throws Exception {
        driver = browser();
        driver.get(base + "/console/overview");
        assertTrue(driver.getCurrentUrl().contains("/console/login"), "redirected to sign-in: " + driver.getCurrentUrl());
        signIn(operatorToken);
        assertTrue(driver.getCurrentUrl().endsWith("/console/overview"), driver.getCurrentUrl());
        assertNoConsoleErrors("sign-in");

        for (String page : PAGES) {
            open(page);
            assertEquals("true", driver.findElement(By.tagName("body")).getAttribute("data-loaded"), page);
            assertTrue(driver.findElements(By.cssSelector(".error-box")).isEmpty(),
                    page + " shows a failure: " + text(".error-box"));
            screenshot(page);
            assertNoConsoleErrors(page);
        }
        open("overview");
        assertTrue(driver.findElement(By.cssSelector("[data-testid=cycles]")).getText().contains("weights"),
                "the overview lists the weights cycle");
        assertEquals("1", driver.findElement(By.cssSelector("[data-testid=attribution-gaps]")).getText(),
                "the one position closed without a conviction is an attribution gap");
        open("producers");
        assertTrue(driver.findElement(By.cssSelector("[data-testid=karma]")).getText().contains("onchain-flow"),
                "the karma leaderboard lists the seeded producer");
    }

    @Test
    @Order(2)
    void approvingAPendingWeightChangeUpdatesTheLiveWeights() throws Exception {
        JsonObject before = json(engine.get("/api/v1/weights", operatorToken));
        assertEquals(1, before.getAsJsonArray("pending").size(), "one change waits for review: " + before);
        JsonObject pending = before.getAsJsonArray("pending").get(0).getAsJsonObject();
        String id = pending.get("adjustment_id").getAsString();
        double proposedOnchain = pending.getAsJsonObject("proposed").get("onchain").getAsDouble();
        assertNotEquals(before.getAsJsonObject("weights").get("onchain").getAsDouble(), proposedOnchain, 1e-9);

        driver = browser();
        driver.get(base + "/console/weights");
        signIn(operatorToken);
        assertTrue(driver.getCurrentUrl().endsWith("/console/weights"), "back on the page asked for");
        awaitLoaded();
        String liveBefore = driver.findElement(By.cssSelector("[data-testid=live-onchain]")).getText();
        driver.findElement(By.cssSelector("[data-testid='approve-" + id + "']")).click();
        confirm();
        String expected = String.format(java.util.Locale.ROOT, "%.4f", proposedOnchain);
        wait(driver).until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=live-onchain]"), expected));

        assertNotEquals(liveBefore, expected);
        JsonObject after = json(engine.get("/api/v1/weights", operatorToken));
        assertEquals(proposedOnchain, after.getAsJsonObject("weights").get("onchain").getAsDouble(), 1e-9);
        assertEquals("learned", after.get("source").getAsString());
        assertEquals(0, after.getAsJsonArray("pending").size());
        assertTrue(driver.findElements(By.cssSelector("[data-testid='approve-" + id + "']")).isEmpty(),
                "the approved change no longer offers Approve");
        screenshot("weights-approved");
        assertNoConsoleErrors("weights after approval");
    }

    /**
     * Needs {@code GET /api/v1/meta} and {@code PUT /api/v1/meta/mode} (the meta-producer's branch);
     * skipped while this engine does not serve them.
     */
    @Test
    @Order(3)
    void switchingTheMetaProducerToLiveWithConfirmationShowsLiveOnThePageAndInTheApi() throws Exception {
        HttpResponse<String> meta = engine.get("/api/v1/meta", operatorToken);
        assumeTrue(meta.statusCode() == 200, "GET /api/v1/meta answers " + meta.statusCode()
                + ": the meta-producer endpoints are not in this build yet");
        assertEquals("shadow", json(meta).get("mode").getAsString());

        driver = browser();
        driver.get(base + "/console/meta");
        signIn(operatorToken);
        awaitLoaded();
        assertEquals("shadow", driver.findElement(By.cssSelector("[data-testid=meta-mode]")).getText());
        driver.findElement(By.cssSelector("[data-testid=meta-switch]")).click();
        driver.findElement(By.id("confirm-cancel")).click();
        assertEquals("shadow", json(engine.get("/api/v1/meta", operatorToken)).get("mode").getAsString(),
                "cancelling the confirmation changes nothing");
        driver.findElement(By.cssSelector("[data-testid=meta-switch]")).click();
        confirm();
        wait(driver).until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=meta-mode]"), "live"));

        assertEquals("live", json(engine.get("/api/v1/meta", operatorToken)).get("mode").getAsString());
        screenshot("meta-live");
        assertNoConsoleErrors("meta after the switch");
    }

    @Test
    @Order(4)
    void aViewerSeesNoActionButtonsAndAForgedPostIsRefused() throws Exception {
        driver = browser();
        driver.get(base + "/console/login");
        signIn(VIEWER_TOKEN);
        assertEquals("viewer", driver.findElement(By.id("role")).getText());
        for (String page : PAGES) {
            open(page);
            assertEquals(List.of(), driver.findElements(By.cssSelector("button.action")).stream()
                    .map(WebElement::getText).toList(), "a viewer gets no action buttons on " + page);
            assertNoConsoleErrors(page + " as viewer");
        }
        screenshot("components-viewer");

        open("weights");
        String weightsBefore = engine.get("/api/v1/weights", operatorToken).body();
        String forged = (String) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const csrf = document.querySelector('meta[name="csrf-token"]').content;
                Promise.all([
                  fetch('/api/v1/weights/overlay', {method: 'DELETE', headers: {'X-CSRF-Token': csrf}}),
                  fetch('/api/v1/weights/preset', {method: 'PUT', headers: {'X-CSRF-Token': csrf,
                      'Content-Type': 'application/json'}, body: '{"preset": "degen"}'}),
                  fetch('/api/v1/convictions', {method: 'POST', headers: {'Content-Type': 'application/json'},
                      body: '{"id": "forged", "cycle_id": "x", "symbol": "BTC", "score": 1, "ts": "2026-01-05T10:00:00Z", "domain_scores": {}}'}),
                ]).then(rs => done(rs.map(r => r.status).join(',')), e => done('failed: ' + e));
                """);
        assertEquals("403,403,403", forged, "DELETE and PUT from a viewer's session, POST without the CSRF token");
        assertEquals(weightsBefore, engine.get("/api/v1/weights", operatorToken).body(), "the weights did not change");
        assertFalse(engine.get("/api/v1/events?type=ledger.conviction.v1&limit=10000", operatorToken).body()
                .contains("forged"), "no conviction was stored");
    }

    @Test
    @Order(5)
    void aPostWithoutTheCsrfTokenIsRefusedWith403AndChangesNothing() throws Exception {
        SignedIn operator = signInOverHttp(operatorToken);
        String conviction = """
                {"id": "conv-csrf", "cycle_id": "cycle-csrf", "symbol": "ETH", "score": 0.5,
                 "ts": "2026-01-05T10:00:00Z", "domain_scores": {"onchain": 0.5}}""";
        long eventsBefore = eventCount();

        HttpResponse<String> noCsrf = send("POST", "/api/v1/convictions", conviction, operator.cookie(), null);
        HttpResponse<String> wrongCsrf = send("POST", "/api/v1/convictions", conviction, operator.cookie(), "guess");
        HttpResponse<String> revert = send("DELETE", "/api/v1/weights/overlay", null, operator.cookie(), null);

        assertEquals(403, noCsrf.statusCode(), noCsrf.body());
        assertEquals(403, wrongCsrf.statusCode(), wrongCsrf.body());
        assertEquals(403, revert.statusCode(), revert.body());
        assertEquals(eventsBefore, eventCount(), "nothing was written");
        assertEquals("learned", json(engine.get("/api/v1/weights", operatorToken)).get("source").getAsString());

        HttpResponse<String> withCsrf = send("POST", "/api/v1/convictions", conviction, operator.cookie(), operator.csrf());
        assertEquals(201, withCsrf.statusCode(), withCsrf.body());

        SignedIn viewer = signInOverHttp(VIEWER_TOKEN);
        HttpResponse<String> viewerPost = send("POST", "/api/v1/convictions",
                conviction.replace("conv-csrf", "conv-viewer"), viewer.cookie(), viewer.csrf());
        assertEquals(403, viewerPost.statusCode(), viewerPost.body());
        assertEquals(eventsBefore + 1, eventCount(), "only the operator's POST with the token was stored");
    }

    @Test
    @Order(6)
    void theSessionCookieIsHttpOnlyAndStrictAndPagesCarryASecurityPolicy() throws Exception {
        HttpResponse<String> signIn = sendSignIn(operatorToken);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Path=/"), cookie);

        HttpResponse<String> page = send("GET", "/console/overview", null, cookieValue(cookie), null);
        assertEquals(200, page.statusCode());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertFalse(page.body().contains("<script>"), "no inline script");

        assertEquals(200, engine.get("/health/ready").statusCode(), "health stays open");
        assertEquals(302, send("GET", "/console/weights", null, null, null).statusCode(), "a page needs a session");
        assertEquals(200, send("GET", "/console/assets/console.css", null, null, null).statusCode(),
                "the sign-in page's assets need none");
        assertEquals(401, sendSignIn("not-a-token").statusCode());
    }

    @Test
    @Order(7)
    void anUploadedBundleServesItsRoleAndTheRoleTargetSwitchesBack() throws Exception {
        assumeTrue(Files.isRegularFile(HEDGE_JAR), "no " + HEDGE_JAR);
        HttpResponse<String> badName = HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/deploy?name=../evil.jar"))
                .header("Authorization", "Bearer " + operatorToken)
                .POST(HttpRequest.BodyPublishers.ofFile(HEDGE_JAR)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badName.statusCode(), badName.body());
        HttpResponse<String> notABundle = HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/deploy?name=notes.jar"))
                .header("Authorization", "Bearer " + operatorToken)
                .POST(HttpRequest.BodyPublishers.ofString("plain text")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, notABundle.statusCode(), notABundle.body());
        try (var files = Files.list(engine.home().resolve("deploy"))) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".jar")), "nothing was written to deploy/");
        }

        driver = browser();
        driver.get(base + "/console/components");
        signIn(operatorToken);
        Path upload = Files.copy(HEDGE_JAR, engine.home().resolve("learning.weights.hedge.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        driver.findElement(By.id("bundle-file")).sendKeys(upload.toAbsolutePath().toString());
        driver.findElement(By.cssSelector("[data-testid=upload-bundle]")).click();
        confirm();
        wait(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"),
                "Uploaded deploy/learning.weights.hedge.jar (learning.weights.hedge"));
        assertTrue(Files.isRegularFile(engine.home().resolve("deploy/learning.weights.hedge.jar")));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!engine.get("/api/v1/components", operatorToken).body().contains("\"implementation\":\"hedge\"")) {
            assertTrue(System.nanoTime() < deadline, "File Install did not start the uploaded bundle in 20 s");
            Thread.sleep(200);
        }
        open("components");
        assertTrue(driver.findElement(By.cssSelector("[data-testid=role-WeightAdjuster]")).getText().contains("hedge"),
                "the uploaded adjuster is listed");

        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("target-WeightAdjuster")))
                .selectByValue("correlation");
        driver.findElement(By.cssSelector("[data-testid=apply-WeightAdjuster]")).click();
        confirm();
        wait(driver).until(d -> {
            try {
                return engine.get("/api/v1/components/targets", operatorToken).body()
                        .contains("\"implementation\":\"correlation\"");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        awaitLoaded();
        screenshot("components");
        assertNoConsoleErrors("components after the switch");
    }

    /**
     * The performance, correlation, outcomes and meta endpoints come from other branches: their
     * pages are run here against stand-in answers in the documented shapes
     * ({@code src/test/resources/console/documented-shapes.js}), so their charts, heat map, filters
     * and the confirmed mode switch run in a real browser with no console error.
     */
    @Test
    @Order(8)
    void pagesForTheForecastAndMetaEndpointsRenderTheirDocumentedShapes() throws Exception {
        driver = browser();
        String stub;
        try (var in = ConsoleBrowserIT.class.getResourceAsStream("/console/documented-shapes.js")) {
            stub = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ((org.openqa.selenium.chromium.ChromiumDriver) driver).executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", stub));
        driver.get(base + "/console/producers");
        signIn(operatorToken);

        assertTrue(driver.findElements(By.cssSelector("[data-testid=performance] tbody tr")).size() >= 9,
                "performance rows");
        assertEquals(3, driver.findElements(By.cssSelector("[data-testid^=reliability-] .uplot canvas")).size(),
                "a uPlot reliability diagram per producer");
        assertEquals(9, driver.findElements(By.cssSelector("[data-testid=agreement-matrix] td.heat")).size(),
                "a 3 x 3 heat map");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("performance-producer")))
                .selectByValue("social-pulse");
        assertEquals(3, driver.findElements(By.cssSelector("[data-testid=performance] tbody tr")).size(),
                "filtered to one producer");
        screenshot("producers-documented-shapes");
        assertNoConsoleErrors("producers with performance and correlation");

        open("outcomes");
        assertEquals(12, driver.findElements(By.cssSelector("[data-testid=outcomes] tbody tr")).size());
        driver.findElement(By.id("outcome-producer")).sendKeys("ta-momentum");
        driver.findElement(By.cssSelector("#outcome-filters button[type=submit]")).click();
        wait(driver).until(d -> d.findElements(By.cssSelector("[data-testid=outcomes] tbody tr")).size() == 6);
        driver.findElement(By.id("event-type")).sendKeys("learning.weight_adjustment.v1");
        driver.findElement(By.cssSelector("#event-filters button[type=submit]")).click();
        wait(driver).until(d -> d.findElements(By.cssSelector("[data-testid=events] tbody tr")).stream()
                .allMatch(r -> r.getText().contains("learning.weight_adjustment.v1")));
        screenshot("outcomes-documented-shapes");
        assertNoConsoleErrors("outcomes");

        open("meta");
        assertEquals("shadow", driver.findElement(By.cssSelector("[data-testid=meta-mode]")).getText());
        driver.findElement(By.cssSelector("[data-testid=meta-switch]")).click();
        confirm();
        wait(driver).until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=meta-mode]"), "live"));
        screenshot("meta-documented-shapes");
        assertNoConsoleErrors("meta");

        driver.findElement(By.id("sign-out")).click();
        wait(driver).until(ExpectedConditions.urlContains("/console/login"));
        driver.get(base + "/console/overview");
        assertTrue(driver.getCurrentUrl().contains("/console/login"), "signed out: " + driver.getCurrentUrl());
    }

    // --- the browser

    private static WebDriver browser() {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,900", "--lang=en-GB", "--disable-extensions", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--metrics-recording-only", "--safebrowsing-disable-auto-update");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Paths.get("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().window().setSize(new Dimension(1440, 900));
        return chrome;
    }

    private void signIn(String token) {
        wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token);
        String login = driver.getCurrentUrl();
        driver.findElement(By.id("sign-in-button")).click();
        wait(driver).until(d -> !d.getCurrentUrl().equals(login));
        awaitLoaded();
    }

    private void open(String page) {
        driver.get(base + "/console/" + page);
        awaitLoaded();
    }

    private void awaitLoaded() {
        wait(driver).until(d -> {
            String loaded = d.findElement(By.tagName("body")).getAttribute("data-loaded");
            return "true".equals(loaded) || "failed".equals(loaded);
        });
    }

    private void confirm() {
        wait(driver).until(ExpectedConditions.elementToBeClickable(By.id("confirm-ok"))).click();
    }

    private static WebDriverWait wait(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    private String text(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList().toString();
    }

    /** Fails on any SEVERE entry of the browser console since the last call. */
    private void assertNoConsoleErrors(String where) {
        List<String> severe = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                    && !OPTIONAL_ENDPOINT.matcher(e.getMessage()).matches()) {
                severe.add(e.getMessage());
            }
        }
        assertEquals(List.of(), severe, "browser console errors on " + where);
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        // The whole page, not only the window: widen the window to the document's height first.
        long height = (Long) ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(Math.max(height + 140, 900), 4000)));
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(size);
    }

    // --- HTTP with the session cookie

    private record SignedIn(String cookie, String csrf) {
    }

    private static HttpResponse<String> sendSignIn(String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/console/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + token + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static SignedIn signInOverHttp(String token) throws IOException, InterruptedException {
        HttpResponse<String> r = sendSignIn(token);
        assertEquals(201, r.statusCode(), r.body());
        return new SignedIn(cookieValue(r.headers().firstValue("Set-Cookie").orElseThrow()),
                json(r).get("csrf_token").getAsString());
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static HttpResponse<String> send(String method, String path, String body, String cookie, String csrf)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long eventCount() throws IOException, InterruptedException {
        return JsonParser.parseString(engine.get("/api/v1/events?limit=10000", operatorToken).body())
                .getAsJsonArray().size();
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static int port(EngineProcess engine) {
        return engine.port();
    }

    // --- the data

    /** File Install applies deploy/ once the platform is up: the viewer token working shows it did. */
    private static void awaitConfiguration() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (engine.get("/api/v1/events", VIEWER_TOKEN).statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "deploy/*.config not applied within 20 s\n" + engine.logTail());
            Thread.sleep(100);
        }
        // The three files are read in one scan; wait until the weights and the loop have theirs.
        engine.awaitLog("approvalRequired=true", Duration.ofSeconds(20));
        engine.awaitLog("tick every 86400 s", Duration.ofSeconds(20));
    }

    /**
     * The weights README's nudge data: one position closed 119 days before {@link #AS_OF} without a
     * conviction (an attribution gap; it starts the cold-start clock), then 20 closed 9 days before,
     * alternating win and loss, whose convictions scored onchain high on wins and social high on
     * losses. Two producers signalled them. Then attribution, karma, corpus and weights run.
     */
    private static void seed() throws Exception {
        String first = AS_OF.minus(Duration.ofDays(119)).toString();
        ok(engine.post("/api/v1/positions", "{\"id\": \"pos-0\", \"symbol\": \"BTC\", \"direction\": \"long\","
                + " \"opened_at\": \"" + AS_OF.minus(Duration.ofDays(120)) + "\", \"entry_price\": 40000, \"size_usd\": 1000}",
                operatorToken));
        ok(engine.post("/api/v1/positions/pos-0/close", "{\"closed_at\": \"" + first
                + "\", \"realized_pnl\": 5, \"exit_price\": 40200}", operatorToken));
        for (int i = 1; i <= 20; i++) {
            boolean win = i % 2 == 0;
            Instant opened = AS_OF.minus(Duration.ofDays(10)).plus(Duration.ofMinutes(i));
            Instant closed = AS_OF.minus(Duration.ofDays(9)).plus(Duration.ofMinutes(i));
            ok(engine.post("/api/v1/convictions", String.format(java.util.Locale.ROOT,
                    "{\"id\": \"conv-%d\", \"cycle_id\": \"cycle-%d\", \"symbol\": \"BTC\", \"score\": 0.6,"
                            + " \"ts\": \"%s\", \"domain_scores\": {\"onchain\": %s, \"social\": %s, \"technical\": 0.5},"
                            + " \"patterns\": [\"%s\"]}",
                    i, i, opened.minusSeconds(60), win ? "0.9" : "0.1", win ? "0.1" : "0.9",
                    i % 3 == 0 ? "breakout" : "mean-reversion"), operatorToken));
            ok(engine.post("/api/v1/positions", String.format(java.util.Locale.ROOT,
                    "{\"id\": \"pos-%d\", \"symbol\": \"BTC\", \"direction\": \"long\", \"opened_at\": \"%s\","
                            + " \"conviction_id\": \"conv-%d\", \"regime_at_entry\": \"bull\", \"entry_price\": 42000,"
                            + " \"size_usd\": 1000}", i, opened, i), operatorToken));
            ok(engine.post("/api/v1/signals/accepted", String.format(java.util.Locale.ROOT,
                    "[{\"trade_id\": \"pos-%d\", \"producer_id\": \"onchain-flow\", \"domain\": \"onchain\","
                            + " \"signal_event_id\": \"sig-a-%d\", \"contribution_weight\": 0.6, \"direction\": \"long\","
                            + " \"confidence\": 0.7, \"horizon\": \"24h\"},"
                            + " {\"trade_id\": \"pos-%d\", \"producer_id\": \"social-pulse\", \"domain\": \"social\","
                            + " \"signal_event_id\": \"sig-b-%d\", \"contribution_weight\": 0.4, \"direction\": \"long\","
                            + " \"confidence\": 0.6, \"horizon\": \"24h\"}]", i, i, i, i), operatorToken));
            ok(engine.post("/api/v1/positions/pos-" + i + "/close", String.format(java.util.Locale.ROOT,
                    "{\"closed_at\": \"%s\", \"realized_pnl\": %d, \"max_drawdown_during\": 0.01, \"exit_price\": %d}",
                    closed, win ? 10 : -10, win ? 42420 : 41580), operatorToken));
        }
        ok(engine.post("/api/v1/producers/onchain-flow/health", "{\"last_success_at\": \"" + AS_OF.minusSeconds(300)
                + "\", \"consecutive_failures\": 0}", operatorToken));
        for (String cycle : List.of("attribution", "karma", "corpus", "weights")) {
            ok(engine.post("/api/v1/cycles/" + cycle + "/run?as_of=" + AS_OF, "", operatorToken));
        }
        JsonObject weights = json(engine.get("/api/v1/weights", operatorToken));
        assertEquals(1, weights.getAsJsonArray("pending").size(), "the weights cycle proposed a change: " + weights);
    }

    private static void ok(HttpResponse<String> r) {
        assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
    }
}
