package learning.console.internal.operate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import learning.api.NotFoundException;
import learning.api.ValidationException;

/** What an operator may send to switch a role's target, and how an upload reaches deploy/. */
class ComponentTargetParsingTest {
    private static String target(String json) {
        return ComponentTargetHandlers.parseTarget(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anImplementationNameBecomesAFilterOnLearningImplementation() {
        assertEquals("(learning.implementation=hedge)", target("{\"implementation\": \"hedge\"}"));
        assertEquals(Optional.of("hedge"), ComponentTargetHandlers.implementationOf("(learning.implementation=hedge)"));
    }

    @Test
    void nullOrBlankMeansTheBestRankedProvider() {
        assertNull(target("{\"implementation\": null}"));
        assertNull(target("{\"implementation\": \"  \"}"));
        assertNull(target("{\"target\": \"\"}"));
    }

    @Test
    void aRawFilterIsAcceptedOnlyWhenItParses() {
        assertEquals("(&(learning.implementation=hedge)(service.ranking>=10))",
                target("{\"target\": \"(&(learning.implementation=hedge)(service.ranking>=10))\"}"));
        ValidationException bad = assertThrows(ValidationException.class, () -> target("{\"target\": \"(broken\"}"));
        assertEquals("target", bad.field());
    }

    @Test
    void namesThatCouldInjectIntoTheFilterAreRefused() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> target("{\"implementation\": \"x)(objectClass=*\"}"));
        assertEquals("implementation", e.field());
        assertThrows(ValidationException.class, () -> target("{}"));
    }

    @Test
    void rolesAreFoundByTheirComponentsNameInAnyCase() {
        assertEquals("adjuster.target", ComponentTargetHandlers.role("WeightAdjuster").property());
        assertEquals("learning.meta", ComponentTargetHandlers.role("meta-producer").pid());
        assertThrows(NotFoundException.class, () -> ComponentTargetHandlers.role("PriceSource"));
    }

    @Test
    void anUploadReplacesTheJarInOneMoveAndLeavesNoPartialFile(@TempDir Path home) throws Exception {
        Path deploy = home.resolve("deploy");
        Path target = deploy.resolve("x.jar");
        DeployHandler.write(deploy, target, new byte[] {1, 2, 3});
        DeployHandler.write(deploy, target, new byte[] {4, 5});

        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
        try (var files = Files.list(home)) {
            assertEquals(1, files.count(), "only deploy/ is left in the home: no staging file");
        }
        try (var files = Files.list(deploy)) {
            assertEquals(1, files.count());
        }
    }
}
