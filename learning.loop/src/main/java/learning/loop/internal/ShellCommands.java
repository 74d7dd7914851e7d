package learning.loop.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import learning.api.cycle.CycleReport;
import learning.api.cycle.CycleRunner;
import learning.api.cycle.CycleScheduler;
import learning.api.meta.MetaMode;
import learning.api.meta.MetaProducer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo commands for a shell user: {@code learning:status} (each schedule's next run and the latest
 * runs), {@code learning:run <cycle> [as_of]} (run a cycle now, or for an ISO-8601 instant) and
 * {@code learning:mode [shadow|live]} (show or switch the live meta-producer's mode; a switch is
 * audited with the actor {@code gogo}).
 */
@Component(service = ShellCommands.class, immediate = true,
        property = {"osgi.command.scope=learning", "osgi.command.function=status", "osgi.command.function=run",
            "osgi.command.function=mode"})
public class ShellCommands {
    private final CycleRunner runner;
    private final CycleScheduler scheduler;

    @Reference(name = "meta", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MetaProducer meta;

    /**
     * @param runner the cycle runner
     * @param scheduler the cadence
     */
    @Activate
    public ShellCommands(@Reference CycleRunner runner, @Reference CycleScheduler scheduler) {
        this.runner = runner;
        this.scheduler = scheduler;
    }

    /** @return the next run of each schedule and the ten latest runs */
    public String status() {
        StringBuilder b = new StringBuilder("next runs:\n");
        for (Map.Entry<String, Instant> e : scheduler.nextRuns().entrySet()) {
            b.append("  ").append(e.getKey()).append(": ")
                    .append(e.getValue().equals(Instant.MIN) ? "now (never ran)" : e.getValue()).append('\n');
        }
        b.append("latest runs:\n");
        List<CycleReport> recent = runner.recentRuns(10);
        for (CycleReport r : recent) {
            b.append("  ").append(line(r)).append('\n');
        }
        if (recent.isEmpty()) {
            b.append("  none yet\n");
        }
        return b.toString();
    }

    /**
     * @param cycle a cycle name
     * @return its report
     */
    public String run(String cycle) {
        return line(runner.run(cycle, Instant.now()));
    }

    /**
     * @param cycle a cycle name
     * @param asOf an ISO-8601 instant
     * @return its report
     */
    public String run(String cycle, String asOf) {
        Instant at;
        try {
            at = Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            return "as_of must be an ISO-8601 instant such as 2026-01-05T10:00:00Z, not '" + asOf + "'";
        }
        return line(runner.run(cycle, at));
    }

    /** @return the live meta-producer's mode */
    public String mode() {
        MetaProducer m = meta;
        return m == null ? "no meta-producer is running" : "meta-producer mode: " + m.mode().wireName();
    }

    /**
     * @param mode shadow or live
     * @return the mode in force afterwards
     */
    public String mode(String mode) {
        MetaProducer m = meta;
        if (m == null) {
            return "no meta-producer is running";
        }
        MetaMode to;
        try {
            to = MetaMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return "mode must be shadow or live, not '" + mode + "'";
        }
        try {
            return "meta-producer mode: " + m.switchMode(to, "gogo").wireName();
        } catch (UnsupportedOperationException e) {
            return e.getMessage();
        }
    }

    private static String line(CycleReport r) {
        return r.cycle() + " as_of=" + r.asOf() + " " + r.status().wireName() + " "
                + java.time.Duration.between(r.startedAt(), r.endedAt()).toMillis() + " ms " + r.counts()
                + (r.error() == null ? "" : " error: " + r.error());
    }
}
