package learning.console.internal.operate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.google.gson.JsonObject;

import learning.api.NotFoundException;
import learning.api.ServiceProperties;
import learning.api.ValidationException;
import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonInput;
import learning.console.internal.json.JsonOutput;

/**
 * The target of each swappable role: {@code GET /components/targets} and
 * {@code PUT /components/{role}/target}. A role's consumer picks its provider with a filter from
 * its configuration ({@code adjuster.target} of {@code learning.weights}, {@code resolver.target}
 * of {@code learning.forecast.resolver}, {@code meta.target} of {@code learning.meta}); this
 * endpoint sets that property through Configuration Admin, which the consumer applies live.
 */
public final class ComponentTargetHandlers {
    /**
     * A role whose provider is chosen by configuration.
     *
     * @param name the role as {@code GET /components} names it
     * @param pid the consumer's configuration PID
     * @param property the property that holds the filter
     */
    record TargetRole(String name, String pid, String property) {
    }

    static final List<TargetRole> ROLES = List.of(
            new TargetRole("WeightAdjuster", "learning.weights", "adjuster.target"),
            new TargetRole("OutcomeResolver", "learning.forecast.resolver", "resolver.target"),
            new TargetRole("MetaProducer", "learning.meta", "meta.target"));

    private static final Pattern IMPLEMENTATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern BY_IMPLEMENTATION = Pattern.compile(
            "\\(" + Pattern.quote(ServiceProperties.IMPLEMENTATION) + "=([A-Za-z0-9._-]+)\\)");

    private final BundleContext context;
    private final EventLog events;

    /**
     * @param context the console bundle's context (null: Configuration Admin is never found)
     * @param events the event log, for the audit event of a change
     */
    public ComponentTargetHandlers(BundleContext context, EventLog events) {
        this.context = context;
        this.events = events;
    }

    /**
     * @param request the request
     * @return 200 with {@code [{"role","pid","property","target","implementation"}]}
     */
    public ApiResponse targets(ApiRequest request) {
        return withConfigAdmin(admin -> ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginArray();
            for (TargetRole role : ROLES) {
                write(out, role, current(admin, role));
            }
            out.endArray();
        })));
    }

    /**
     * Sets a role's target: {@code {"implementation": "hedge"}} (the provider whose
     * {@code learning.implementation} is {@code hedge}), {@code {"target": "(ldap filter)"}}, or
     * {@code {"implementation": null}} for the default (the best-ranked provider).
     *
     * @param request with path parameter {@code role}
     * @return 200 with the role's new target; 400 bad body; 404 unknown role
     */
    public ApiResponse setTarget(ApiRequest request) {
        TargetRole role = role(request.pathParameter("role"));
        String target = parseTarget(request.body());
        return withConfigAdmin(admin -> {
            try {
                Configuration c = admin.getConfiguration(role.pid(), "?");
                Dictionary<String, Object> props = c.getProperties();
                if (props == null) {
                    props = new Hashtable<>();
                }
                String before = props.get(role.property()) instanceof String s ? s : null;
                if (target == null) {
                    props.remove(role.property());
                } else {
                    props.put(role.property(), target);
                }
                c.update(props);
                audit(role, before, target, request.principal().label());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot update the configuration " + role.pid(), e);
            }
            return ApiResponse.json(200, JsonOutput.write(out -> write(out, role, target)));
        });
    }

    private static void write(com.google.gson.stream.JsonWriter out, TargetRole role, String target)
            throws IOException {
        out.beginObject();
        out.name("role").value(role.name());
        out.name("pid").value(role.pid());
        out.name("property").value(role.property());
        out.name("target").value(target);
        out.name("implementation").value(implementationOf(target).orElse(null));
        out.endObject();
    }

    static Optional<String> implementationOf(String target) {
        if (target == null) {
            return Optional.empty();
        }
        Matcher m = BY_IMPLEMENTATION.matcher(target.strip());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static TargetRole role(String name) {
        String wanted = name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        return ROLES.stream().filter(r -> r.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst()
                .orElseThrow(() -> new NotFoundException("role", "no role '" + name
                        + "' with a configurable target: use WeightAdjuster, OutcomeResolver or MetaProducer"));
    }

    /** @return the filter to store, or null for the default */
    static String parseTarget(byte[] body) {
        JsonObject o = JsonInput.parse(body, in -> {
            JsonObject read = new JsonObject();
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                if ((name.equals("implementation") || name.equals("target")) && !in.nextIsNull()) {
                    read.addProperty(name, in.string());
                } else if (name.equals("implementation") || name.equals("target")) {
                    read.add(name, com.google.gson.JsonNull.INSTANCE);
                } else {
                    in.skipValue();
                }
            }
            in.endObject();
            return read;
        });
        if (!o.has("implementation") && !o.has("target")) {
            throw new ValidationException("implementation",
                    "is required: an implementation name such as \"hedge\", or null for the best-ranked provider");
        }
        if (o.has("target") && !o.get("target").isJsonNull()) {
            String filter = o.get("target").getAsString().strip();
            if (filter.isEmpty()) {
                return null;
            }
            try {
                FrameworkUtil.createFilter(filter);
            } catch (InvalidSyntaxException e) {
                throw new ValidationException("target", "is not a valid LDAP filter: " + e.getMessage());
            }
            return filter;
        }
        if (!o.has("implementation") || o.get("implementation").isJsonNull()
                || o.get("implementation").getAsString().isBlank()) {
            return null;
        }
        String name = o.get("implementation").getAsString().strip();
        if (!IMPLEMENTATION.matcher(name).matches()) {
            throw new ValidationException("implementation",
                    "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return "(" + ServiceProperties.IMPLEMENTATION + "=" + name + ")";
    }

    private static String current(ConfigurationAdmin admin, TargetRole role) {
        try {
            Configuration[] found = admin.listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID + "="
                    + role.pid() + ")");
            if (found == null || found.length == 0 || found[0].getProperties() == null) {
                return null;
            }
            return found[0].getProperties().get(role.property()) instanceof String s && !s.isBlank() ? s : null;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read the configuration " + role.pid(), e);
        }
    }

    private void audit(TargetRole role, String before, String after, String actor) {
        if (events == null) {
            return;
        }
        JsonObject payload = new JsonObject();
        payload.addProperty("action", "component_target_changed");
        payload.addProperty("role", role.name());
        payload.addProperty("pid", role.pid());
        payload.addProperty("property", role.property());
        payload.addProperty("previous", before);
        payload.addProperty("target", after);
        payload.addProperty("actor", actor);
        events.append(new NewEvent(EventTypes.OPERATOR_AUDIT, Instant.now(), "learning.console", null,
                payload.toString()));
    }

    private ApiResponse withConfigAdmin(Function<ConfigurationAdmin, ApiResponse> work) {
        ServiceReference<ConfigurationAdmin> ref = context == null ? null
                : context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = ref == null ? null : context.getService(ref);
        if (admin == null) {
            return ApiResponse.error(503, "Configuration Admin is not running: install or start its bundle", null);
        }
        try {
            return work.apply(admin);
        } finally {
            context.ungetService(ref);
        }
    }
}
