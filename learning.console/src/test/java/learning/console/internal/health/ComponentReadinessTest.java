package learning.console.internal.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

class ComponentReadinessTest {
    private static ComponentDescriptionDTO component(String name, String policy) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        d.configurationPolicy = policy;
        d.bundle = new BundleDTO();
        d.bundle.symbolicName = "learning.sample";
        return d;
    }

    private static ComponentConfigurationDTO configuration(int state, String... missing) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.unsatisfiedReferences = new UnsatisfiedReferenceDTO[missing.length];
        for (int i = 0; i < missing.length; i++) {
            c.unsatisfiedReferences[i] = new UnsatisfiedReferenceDTO();
            c.unsatisfiedReferences[i].name = missing[i];
        }
        return c;
    }

    private static ComponentReadiness.Result check(Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> world,
            ComponentDescriptionDTO... disabled) {
        List<ComponentDescriptionDTO> off = List.of(disabled);
        return ComponentReadiness.check(world.keySet(), d -> !off.contains(d),
                d -> (Collection<ComponentConfigurationDTO>) world.get(d));
    }

    @Test
    void activeAndSatisfiedComponentsAreReady() {
        var result = check(Map.of(
                component("a", "optional"), List.of(configuration(ComponentConfigurationDTO.ACTIVE)),
                component("b", "optional"), List.of(configuration(ComponentConfigurationDTO.SATISFIED))));

        assertEquals(2, result.checked());
        assertTrue(result.notReady().isEmpty());
    }

    @Test
    void unsatisfiedReferenceIsReportedWithTheMissingReference() {
        var result = check(Map.of(component("weights", "optional"),
                List.of(configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, "adjuster"))));

        NotReady problem = result.notReady().get(0);
        assertEquals("weights", problem.component());
        assertEquals("learning.sample", problem.bundle());
        assertEquals("unsatisfied reference", problem.state());
        assertTrue(problem.detail().contains("adjuster"));
    }

    @Test
    void failedActivationIsReportedWithoutItsStackTrace() {
        ComponentConfigurationDTO failed = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION);
        failed.failure = "java.lang.IllegalStateException: no database\n\tat x.y.Z.activate(Z.java:1)";

        var result = check(Map.of(component("loop", "optional"), List.of(failed)));

        assertEquals("failed activation", result.notReady().get(0).state());
        assertEquals("java.lang.IllegalStateException: no database", result.notReady().get(0).detail());
    }

    @Test
    void disabledAndUnconfiguredRequireComponentsAreIdleOnPurpose() {
        ComponentDescriptionDTO disabled = component("alternative", "optional");
        var result = check(Map.of(
                disabled, List.of(),
                component("needs-config", "require"), List.of()), disabled);

        assertEquals(0, result.checked());
        assertTrue(result.notReady().isEmpty());
    }

    @Test
    void aStartedBundleWhoseComponentsAreNotLoadedYetIsNotReady() {
        // learning.weights is active and declares components, but the runtime has not read them yet:
        // its WeightService is not registered, so /api/v1/weights would answer 503.
        List<NotReady> problems = ComponentReadiness.notLoaded(List.of("learning.store", "learning.weights"),
                Set.of("learning.store"));

        assertEquals(1, problems.size());
        assertEquals("learning.weights", problems.get(0).bundle());
        assertEquals("components not loaded", problems.get(0).state());
        assertTrue(ComponentReadiness.notLoaded(List.of("learning.store"), Set.of("learning.store")).isEmpty());
    }
}
