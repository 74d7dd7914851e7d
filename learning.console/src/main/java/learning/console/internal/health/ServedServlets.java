package learning.console.internal.health;

import java.util.Arrays;

import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.RuntimeDTO;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;

/**
 * Asks the Servlet Whiteboard which servlets it serves. An active API component is not yet an
 * API that answers: the whiteboard registers it with Jetty a moment later, and a load balancer
 * that trusted readiness before then got 404s.
 */
public final class ServedServlets {
    private ServedServlets() {
    }

    /**
     * @param runtime the whiteboard runtime, or null when it is not there
     * @param servletName the whiteboard name of a servlet
     * @return true when the whiteboard serves a servlet of that name
     */
    public static boolean serves(HttpServiceRuntime runtime, String servletName) {
        if (runtime == null) {
            return false;
        }
        RuntimeDTO dto = runtime.getRuntimeDTO();
        if (dto == null || dto.servletContextDTOs == null) {
            return false;
        }
        for (ServletContextDTO context : dto.servletContextDTOs) {
            if (context.servletDTOs != null
                    && Arrays.stream(context.servletDTOs).map((ServletDTO s) -> s.name).anyMatch(servletName::equals)) {
                return true;
            }
        }
        return false;
    }
}
