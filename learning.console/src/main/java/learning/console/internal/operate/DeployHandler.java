package learning.console.internal.operate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import com.google.gson.JsonObject;

import learning.api.ServiceProperties;
import learning.api.ValidationException;
import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonOutput;

/**
 * {@code POST /deploy?name=<file>.jar}: the body is a bundle jar, written atomically into the
 * engine's {@code deploy/} folder, where File Install installs (or updates) it within a second.
 * The name must be a plain file name ending in {@code .jar}; the body must be a jar whose manifest
 * names a {@code Bundle-SymbolicName}. The jar is first written beside the folder and then moved
 * in, so File Install never sees half a file.
 */
public final class DeployHandler {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.jar");
    /** File Install's framework property naming the watched folder (learning.store sets it). */
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

    private final BundleContext context;
    private final EventLog events;

    /**
     * @param context the console bundle's context, for the home and deploy folders (null: 503)
     * @param events the event log, for the audit event
     */
    public DeployHandler(BundleContext context, EventLog events) {
        this.context = context;
        this.events = events;
    }

    /**
     * @param request with query parameter {@code name} and the jar as body
     * @return 201 with {@code {"file","bytes","bundle_symbolic_name","bundle_version","replaced"}};
     *         400 bad name or not a bundle
     */
    public ApiResponse upload(ApiRequest request) {
        if (context == null) {
            return ApiResponse.error(503, "the deploy folder is not known outside the framework", null);
        }
        String name = request.query().get("name").map(String::strip).orElse("");
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw new ValidationException("name", "must be a plain file name ending in .jar (letters, digits, "
                    + "'.', '_', '-'; at most 104 characters), not '" + abbreviate(name) + "'");
        }
        byte[] jar = request.body();
        Manifest manifest = manifest(jar);
        Attributes main = manifest.getMainAttributes();
        String bsn = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (bsn == null || bsn.isBlank()) {
            throw new ValidationException("body", "the jar's manifest has no Bundle-SymbolicName: not an OSGi bundle");
        }
        String symbolicName = bsn.split(";", 2)[0].strip();
        String version = main.getValue(Constants.BUNDLE_VERSION);
        Path deploy = deployFolder();
        Path target = deploy.resolve(name);
        boolean replaced = Files.exists(target);
        write(deploy, target, jar);
        audit(name, symbolicName, version, jar.length, replaced, request.principal().label());
        return ApiResponse.json(201, JsonOutput.write(out -> {
            out.beginObject();
            out.name("file").value("deploy/" + name);
            out.name("bytes").value(jar.length);
            out.name("bundle_symbolic_name").value(symbolicName);
            out.name("bundle_version").value(version);
            out.name("replaced").value(replaced);
            out.endObject();
        }));
    }

    private static Manifest manifest(byte[] jar) {
        if (jar.length == 0) {
            throw new ValidationException("body", "is empty: send the bundle jar as the request body");
        }
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest m = in.getManifest();
            if (m == null) {
                throw new ValidationException("body", "is not a jar with a manifest (META-INF/MANIFEST.MF first)");
            }
            return m;
        } catch (IOException e) {
            throw new ValidationException("body", "is not a readable jar: " + e.getMessage());
        }
    }

    private Path deployFolder() {
        String configured = context.getProperty(FILEINSTALL_DIR);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.split(",")[0].strip()).toAbsolutePath();
        }
        String home = context.getProperty(ServiceProperties.HOME);
        Path base = home == null || home.isBlank() ? Path.of(System.getProperty("user.dir")) : Path.of(home);
        return base.resolve("deploy").toAbsolutePath();
    }

    /** Writes beside the folder (File Install would pick up a partial file inside it), then moves in. */
    static void write(Path deploy, Path target, byte[] jar) {
        try {
            Files.createDirectories(deploy);
            Path staging = deploy.getParent() == null ? deploy : deploy.getParent();
            Path tmp = Files.createTempFile(staging, ".upload-", ".part");
            try {
                Files.write(tmp, jar);
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private void audit(String file, String bsn, String version, int bytes, boolean replaced, String actor) {
        if (events == null) {
            return;
        }
        JsonObject payload = new JsonObject();
        payload.addProperty("action", "bundle_uploaded");
        payload.addProperty("file", "deploy/" + file);
        payload.addProperty("bundle_symbolic_name", bsn);
        payload.addProperty("bundle_version", version);
        payload.addProperty("bytes", bytes);
        payload.addProperty("replaced", replaced);
        payload.addProperty("actor", actor);
        events.append(new NewEvent(EventTypes.OPERATOR_AUDIT, Instant.now(), "learning.console", null,
                payload.toString()));
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
