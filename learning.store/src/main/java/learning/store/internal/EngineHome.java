package learning.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import learning.api.ServiceProperties;

/**
 * The engine's home folder: {@code -Dlearning.home=DIR}, or the working directory. Holds
 * {@code data/} (database, overlay, credentials), {@code deploy/} (watched by File Install) and
 * {@code corpus/skills/{pending,active,archived}}.
 */
final class EngineHome {
    private final Path root;

    private EngineHome(Path root) {
        this.root = root;
    }

    /**
     * @param configured the configured home, or null or blank for the working directory
     * @return the home, absolute and normalized
     */
    static EngineHome of(String configured) {
        String base = configured == null || configured.isBlank() ? System.getProperty("user.dir") : configured.trim();
        return new EngineHome(Paths.get(base).toAbsolutePath().normalize());
    }

    Path root() {
        return root;
    }

    Path data() {
        return root.resolve("data");
    }

    Path deploy() {
        return root.resolve("deploy");
    }

    /** Creates the folders the engine writes to. */
    void createFolders() throws IOException {
        Files.createDirectories(data());
        Files.createDirectories(deploy());
        for (String state : new String[] {"pending", "active", "archived"}) {
            Files.createDirectories(root.resolve("corpus").resolve("skills").resolve(state));
        }
    }

    /** The default database: HSQLDB files under {@code data/db/}. */
    String defaultDatabaseUrl() {
        return "jdbc:hsqldb:file:" + data().resolve("db").resolve("learning");
    }

    static String configuredHome(org.osgi.framework.BundleContext context) {
        String v = context == null ? null : context.getProperty(ServiceProperties.HOME);
        return v != null ? v : System.getProperty(ServiceProperties.HOME);
    }
}
