package learning.api;

/**
 * Names of the service properties the learning bundles publish and filter on.
 * Implementations set them through the component property types
 * {@link LearningImplementation} and {@link LearningCycleName}.
 */
public final class ServiceProperties {
    /**
     * Short, stable name of the implementation behind a swappable role, for example
     * {@code "correlation"} or {@code "hedge"} for a {@code WeightAdjuster}. Operators name it in
     * a role's target setting ({@code adjuster.target}, {@code resolver.target}, {@code meta.target}),
     * which becomes the filter {@code (learning.implementation=<name>)}.
     */
    public static final String IMPLEMENTATION = "learning.implementation";

    /** Name of the cycle a {@code LearningCycle} service runs, for example {@code "weights"}. */
    public static final String CYCLE_NAME = "learning.cycle.name";

    /** The framework property (or system property) that names the engine's home folder. */
    public static final String HOME = "learning.home";

    private ServiceProperties() {
    }
}
