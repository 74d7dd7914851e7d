package learning.store.internal;

import learning.api.ServiceProperties;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the home folder before the rest of the engine starts. The store starts at a lower
 * start level than File Install, so setting {@code felix.fileinstall.dir} here points File Install
 * at {@code <home>/deploy} whether or not {@code -Dlearning.home} was given. A framework property
 * cannot do this: it would be fixed when the jar is exported, not when it is started.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public class HomeActivator implements BundleActivator {
    private static final Logger LOG = LoggerFactory.getLogger(HomeActivator.class);
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

    @Override
    public void start(BundleContext context) throws Exception {
        EngineHome home = EngineHome.of(EngineHome.configuredHome(context));
        home.createFolders();
        if (System.getProperty(ServiceProperties.HOME) == null) {
            System.setProperty(ServiceProperties.HOME, home.root().toString());
        }
        if (context.getProperty(FILEINSTALL_DIR) == null) {
            System.setProperty(FILEINSTALL_DIR, home.deploy().toString());
        }
        LOG.info("learning engine home: {}", home.root());
    }

    @Override
    public void stop(BundleContext context) {
        // Nothing to undo: the folders stay, the properties describe this process.
    }
}
