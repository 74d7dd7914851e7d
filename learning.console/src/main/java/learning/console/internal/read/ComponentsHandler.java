package learning.console.internal.read;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import com.google.gson.stream.JsonWriter;

import learning.api.ServiceProperties;
import learning.api.forecast.OutcomeResolver;
import learning.api.meta.MetaProducer;
import learning.api.price.PriceSource;
import learning.api.weights.WeightAdjuster;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonOutput;

/**
 * {@code GET /components}: which implementation serves each swappable role, and the learning
 * bundles. Reads service references only; it never gets (and so never holds) the services.
 *
 * <p>
 * A provider is {@code active} when a consumer uses it. While no provider of a role is in use
 * (no consumer running yet), the one a consumer would pick is shown active: the best-ranked for
 * a single role, every provider for a chain such as {@code PriceSource}.
 */
public final class ComponentsHandler {
    /** Bundles whose symbolic name starts with this are listed. */
    static final String BUNDLE_PREFIX = "learning.";

    private record Role(String name, String interfaceName, boolean chain) {
    }

    private static final List<Role> ROLES = List.of(
            new Role("WeightAdjuster", WeightAdjuster.class.getName(), false),
            new Role("OutcomeResolver", OutcomeResolver.class.getName(), false),
            new Role("MetaProducer", MetaProducer.class.getName(), false),
            new Role("PriceSource", PriceSource.class.getName(), true));

    private final BundleContext context;

    /**
     * @param context the console bundle's context
     */
    public ComponentsHandler(BundleContext context) {
        this.context = context;
    }

    /**
     * @param request the request
     * @return 200 with {@code {"roles":[...],"bundles":[...]}}
     */
    public ApiResponse list(ApiRequest request) {
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            out.name("roles").beginArray();
            for (Role role : ROLES) {
                writeRole(out, role);
            }
            out.endArray();
            out.name("bundles").beginArray();
            for (Bundle b : learningBundles()) {
                out.beginObject();
                out.name("symbolic_name").value(b.getSymbolicName());
                out.name("version").value(b.getVersion().toString());
                out.name("state").value(BundleStates.name(b.getState()));
                out.endObject();
            }
            out.endArray();
            out.endObject();
        }));
    }

    private void writeRole(JsonWriter out, Role role) throws IOException {
        List<ServiceReference<?>> refs = providers(role.interfaceName());
        boolean anyInUse = refs.stream().anyMatch(ComponentsHandler::inUse);
        out.beginObject();
        out.name("role").value(role.name());
        out.name("interface").value(role.interfaceName());
        out.name("providers").beginArray();
        for (int i = 0; i < refs.size(); i++) {
            ServiceReference<?> ref = refs.get(i);
            boolean inUse = inUse(ref);
            boolean active = anyInUse ? inUse : role.chain() || i == 0;
            Bundle bundle = ref.getBundle();
            out.beginObject();
            out.name("implementation").value(text(ref.getProperty(ServiceProperties.IMPLEMENTATION)));
            out.name("bundle").value(bundle == null ? null : bundle.getSymbolicName());
            out.name("version").value(bundle == null ? null : bundle.getVersion().toString());
            out.name("ranking").value(ranking(ref));
            out.name("service_id").value((Long) ref.getProperty(Constants.SERVICE_ID));
            out.name("active").value(active);
            out.name("in_use").value(inUse);
            out.endObject();
        }
        out.endArray();
        out.endObject();
    }

    /** @return the role's providers, best-ranked first (the registry's own order) */
    private List<ServiceReference<?>> providers(String interfaceName) {
        ServiceReference<?>[] refs;
        try {
            // "All" so that a provider wired to another copy of the API package still shows.
            refs = context.getAllServiceReferences(interfaceName, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("a null filter is always valid", e);
        }
        if (refs == null) {
            return List.of();
        }
        List<ServiceReference<?>> list = new ArrayList<>(Arrays.asList(refs));
        list.sort(Collections.reverseOrder());
        return list;
    }

    private static boolean inUse(ServiceReference<?> ref) {
        Bundle[] using = ref.getUsingBundles();
        return using != null && using.length > 0;
    }

    private static int ranking(ServiceReference<?> ref) {
        Object value = ref.getProperty(Constants.SERVICE_RANKING);
        return value instanceof Integer i ? i : 0;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String[] values) {
            return String.join(",", values);
        }
        return value.toString();
    }

    private List<Bundle> learningBundles() {
        List<Bundle> result = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name != null && name.startsWith(BUNDLE_PREFIX)) {
                result.add(b);
            }
        }
        result.sort(Comparator.comparing(Bundle::getSymbolicName).thenComparing(Bundle::getVersion));
        return result;
    }
}
