package learning.console.internal.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Decides from the component runtime's DTOs which components are not ready. A component counts
 * as ready when each of its configurations is satisfied or active. Components that are disabled,
 * component factories, and components that require a configuration nobody gave are left out:
 * each of those is idle on purpose.
 */
public final class ComponentReadiness {
    private ComponentReadiness() {
    }

    /**
     * The outcome of a check.
     *
     * @param checked how many components were looked at
     * @param notReady those that are not ready
     */
    public record Result(int checked, List<NotReady> notReady) {
    }

    /**
     * @param descriptions the components of the bundles to check
     * @param enabled whether a component is currently enabled
     * @param configurations a component's configurations
     * @return what is not ready
     */
    public static Result check(Collection<ComponentDescriptionDTO> descriptions,
            Predicate<ComponentDescriptionDTO> enabled,
            Function<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> configurations) {
        List<NotReady> notReady = new ArrayList<>();
        int checked = 0;
        for (ComponentDescriptionDTO d : descriptions) {
            if (!enabled.test(d) || d.factory != null) {
                continue;
            }
            Collection<ComponentConfigurationDTO> configs = configurations.apply(d);
            String bundle = d.bundle == null ? null : d.bundle.symbolicName;
            if (configs == null || configs.isEmpty()) {
                if (!"require".equals(d.configurationPolicy)) {
                    checked++;
                    notReady.add(new NotReady(bundle, d.name, "not activated", "the runtime has no configuration of it"));
                }
                continue;
            }
            checked++;
            for (ComponentConfigurationDTO c : configs) {
                if (c.state != ComponentConfigurationDTO.SATISFIED && c.state != ComponentConfigurationDTO.ACTIVE) {
                    notReady.add(new NotReady(bundle, d.name, stateName(c.state), detail(c)));
                }
            }
        }
        return new Result(checked, List.copyOf(notReady));
    }

    /**
     * Bundles that declare components (a {@code Service-Component} header) which the component
     * runtime does not know yet: it loads them when the bundle has become active, so for a moment a
     * started bundle has no components to check, and its services are not registered.
     *
     * @param declaring the symbolic names of the running bundles that declare components
     * @param described the symbolic names of the bundles the runtime has component descriptions of
     * @return one entry per bundle whose components are not loaded yet
     */
    public static List<NotReady> notLoaded(Collection<String> declaring, Set<String> described) {
        List<NotReady> out = new ArrayList<>();
        for (String bundle : declaring) {
            if (!described.contains(bundle)) {
                out.add(new NotReady(bundle, null, "components not loaded",
                        "the component runtime has not read this bundle's components yet"));
            }
        }
        return out;
    }

    static String stateName(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "unsatisfied configuration";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "unsatisfied reference";
            case ComponentConfigurationDTO.SATISFIED -> "satisfied";
            case ComponentConfigurationDTO.ACTIVE -> "active";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed activation";
            default -> "state " + state;
        };
    }

    private static String detail(ComponentConfigurationDTO c) {
        StringBuilder text = new StringBuilder();
        if (c.unsatisfiedReferences != null && c.unsatisfiedReferences.length > 0) {
            text.append("missing references:");
            for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                text.append(' ').append(r.name);
            }
        }
        if (c.failure != null && !c.failure.isBlank()) {
            if (text.length() > 0) {
                text.append("; ");
            }
            // Only the first line: the failure text holds a stack trace, which is for the log.
            String failure = c.failure.strip();
            int eol = failure.indexOf('\n');
            text.append(eol < 0 ? failure : failure.substring(0, eol).strip());
        }
        return text.toString();
    }
}
