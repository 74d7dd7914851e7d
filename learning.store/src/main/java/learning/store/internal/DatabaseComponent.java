package learning.store.internal;

import learning.api.store.LearningDatabase;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes the engine's database; closes it cleanly when the bundle or the framework stops. */
@Component(service = LearningDatabase.class, immediate = true, configurationPid = DatabaseComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DatabaseComponent.Config.class)
public class DatabaseComponent extends HsqlDatabase {
    static final String PID = "learning.store";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseComponent.class);

    /** The store's settings. */
    @ObjectClassDefinition(name = "Learning engine store", description = "The HSQLDB database of the learning engine.")
    public @interface Config {
        /** @return the JDBC URL */
        @AttributeDefinition(name = "JDBC URL", description = "HSQLDB URL. Empty: files under <home>/data/db/."
                + " jdbc:hsqldb:mem:<name> keeps everything in memory (tests).")
        String url() default "";

        /** @return the database user */
        @AttributeDefinition(name = "User")
        String user() default "SA";

        /**
         * @return the database password; the leading underscore makes the property {@code .password},
         *         a private property that DS does not copy onto the service registration
         */
        @AttributeDefinition(name = "Password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String _password() default "";
    }

    /**
     * @param config the settings
     * @param context the bundle context, for the home folder
     */
    @Activate
    public DatabaseComponent(Config config, BundleContext context) {
        super(urlOf(config, context), config.user(), config._password());
        LOG.info("store configured: url={}", url());
    }

    private static String urlOf(Config config, BundleContext context) {
        if (!config.url().isBlank()) {
            return config.url().trim();
        }
        return EngineHome.of(EngineHome.configuredHome(context)).defaultDatabaseUrl();
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
