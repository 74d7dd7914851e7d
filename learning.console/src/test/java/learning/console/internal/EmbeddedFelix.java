package learning.console.internal;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.felix.framework.Felix;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/** A real Felix framework started in a test's folder, and empty bundles to install into it. */
public final class EmbeddedFelix implements AutoCloseable {
    private final Path dir;
    public final Framework framework;

    private EmbeddedFelix(Path dir, Framework framework) {
        this.dir = dir;
        this.framework = framework;
    }

    /** @param dir a folder of the test's own: the framework's storage and the bundle jars go there */
    public static EmbeddedFelix start(Path dir) throws BundleException {
        Framework framework = new Felix(Map.of(Constants.FRAMEWORK_STORAGE, dir.resolve("cache").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        return new EmbeddedFelix(dir, framework);
    }

    /** @return the location of a bundle jar with only a manifest: this name and version */
    public String bundle(String name, String version) throws Exception {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, name);
        a.putValue(Constants.BUNDLE_VERSION, version);
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar.toUri().toString();
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }
}
