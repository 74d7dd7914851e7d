package learning.console.internal.read;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import learning.api.attribution.OutcomeAttributor;
import learning.api.cycle.CycleReport;
import learning.api.cycle.CycleRunner;
import learning.api.cycle.CycleStatus;
import learning.api.forecast.OutcomeHistory;
import learning.api.karma.KarmaService;
import learning.api.karma.ProducerKarma;
import learning.api.ledger.InputLedger;
import learning.api.weights.Domain;
import learning.api.weights.LiveWeights;
import learning.api.weights.WeightService;
import learning.api.weights.WeightSource;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;

/**
 * {@code GET /metrics} in the Prometheus text format (version 0.0.4): ledger sizes, resolved
 * outcomes, attribution gaps, live weights against the preset, karma per producer, each cycle's
 * last run, and the JVM's heap and uptime. Each family appears only while the component behind it
 * runs, so a scrape never fails because one bundle is stopped.
 */
public final class MetricsHandler {
    /** Prometheus' text exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final int MAX_PRODUCERS = 1_000;
    private static final int RECENT_RUNS = 500;

    private final InputLedger ledger;
    private final Supplier<OutcomeHistory> outcomes;
    private final Supplier<OutcomeAttributor> attributor;
    private final Supplier<WeightService> weights;
    private final Supplier<KarmaService> karma;
    private final BundleContext context;

    /**
     * @param ledger the input ledger
     * @param outcomes the outcome history while it runs, else a supplier of null
     * @param attributor the attributor while it runs, else a supplier of null
     * @param weights the weight service while it runs, else a supplier of null
     * @param karma the karma service while it runs, else a supplier of null
     * @param context the console's bundle context (for the cycle runner), or null outside a framework
     */
    public MetricsHandler(InputLedger ledger, Supplier<OutcomeHistory> outcomes, Supplier<OutcomeAttributor> attributor,
            Supplier<WeightService> weights, Supplier<KarmaService> karma, BundleContext context) {
        this.ledger = ledger;
        this.outcomes = outcomes;
        this.attributor = attributor;
        this.weights = weights;
        this.karma = karma;
        this.context = context;
    }

    /**
     * @param request the request (no parameters)
     * @return 200 with the metrics as text
     */
    public ApiResponse scrape(ApiRequest request) {
        Exposition out = new Exposition();
        out.family("learning_ledger_rows", "gauge", "Rows in the input ledger tables and the event log.");
        for (Map.Entry<String, Long> e : new TreeMap<>(ledger.counts()).entrySet()) {
            out.sample("learning_ledger_rows", Map.of("table", e.getKey()), e.getValue());
        }
        OutcomeHistory history = outcomes.get();
        if (history != null) {
            out.family("learning_outcomes_resolved", "gauge", "Forecasts resolved into outcomes.");
            out.sample("learning_outcomes_resolved", Map.of(), history.resolvedCount());
        }
        OutcomeAttributor attribution = attributor.get();
        if (attribution != null) {
            out.family("learning_attribution_gaps", "gauge", "Closed positions without a conviction to attribute to.");
            out.sample("learning_attribution_gaps", Map.of(), attribution.gapCount());
        }
        weights(out);
        karma(out);
        cycles(out);
        jvm(out);
        return new ApiResponse(200, out.text(), Map.of("Content-Type", CONTENT_TYPE));
    }

    private void weights(Exposition out) {
        WeightService service = weights.get();
        if (service == null) {
            return;
        }
        LiveWeights live = service.live();
        out.family("learning_domain_weight", "gauge", "Live synthesis weight of each signal domain.");
        for (Domain d : Domain.values()) {
            out.sample("learning_domain_weight", Map.of("domain", d.wireName()), live.weights().get(d));
        }
        out.family("learning_domain_weight_preset", "gauge", "The configured preset's weight of each domain.");
        for (Domain d : Domain.values()) {
            out.sample("learning_domain_weight_preset",
                    Map.of("domain", d.wireName(), "preset", live.preset().wireName()), live.presetWeights().get(d));
        }
        out.family("learning_weights_learned", "gauge", "1 when the live weights are learned, 0 on the preset.");
        out.sample("learning_weights_learned", Map.of(), live.source() == WeightSource.LEARNED ? 1 : 0);
        out.family("learning_weights_pending", "gauge", "Weight proposals waiting for an operator.");
        out.sample("learning_weights_pending", Map.of(), live.pending().size());
    }

    private void karma(Exposition out) {
        KarmaService service = karma.get();
        if (service == null) {
            return;
        }
        List<ProducerKarma> rows = service.leaderboard(MAX_PRODUCERS);
        out.family("learning_producer_karma", "gauge", "Karma of each producer (EMA of trade outcomes, -1 to 1).");
        for (ProducerKarma k : rows) {
            out.sample("learning_producer_karma", Map.of("producer", k.producerId()), k.karmaScore());
        }
        out.family("learning_producer_trades", "gauge", "Trades each producer contributed to.");
        for (ProducerKarma k : rows) {
            out.sample("learning_producer_trades", Map.of("producer", k.producerId()), k.totalTrades());
        }
    }

    private void cycles(Exposition out) {
        if (context == null) {
            return;
        }
        ServiceReference<CycleRunner> ref = context.getServiceReference(CycleRunner.class);
        CycleRunner runner = ref == null ? null : context.getService(ref);
        if (runner == null) {
            return;
        }
        Map<String, CycleReport> last = new TreeMap<>();
        try {
            for (CycleReport r : runner.recentRuns(RECENT_RUNS)) {
                last.putIfAbsent(r.cycle(), r);
            }
        } finally {
            context.ungetService(ref);
        }
        out.family("learning_cycle_last_run_timestamp_seconds", "gauge", "Wall-clock end of each cycle's last run.");
        last.forEach((cycle, r) -> out.sample("learning_cycle_last_run_timestamp_seconds", Map.of("cycle", cycle),
                seconds(r.endedAt())));
        out.family("learning_cycle_last_duration_seconds", "gauge", "How long each cycle's last run took.");
        last.forEach((cycle, r) -> out.sample("learning_cycle_last_duration_seconds", Map.of("cycle", cycle),
                (r.endedAt().toEpochMilli() - r.startedAt().toEpochMilli()) / 1000.0));
        out.family("learning_cycle_last_succeeded", "gauge", "1 when each cycle's last run succeeded, else 0.");
        last.forEach((cycle, r) -> out.sample("learning_cycle_last_succeeded",
                Map.of("cycle", cycle, "status", r.status().wireName()),
                r.status() == CycleStatus.SUCCEEDED ? 1 : 0));
    }

    private static void jvm(Exposition out) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.family("jvm_memory_heap_used_bytes", "gauge", "Heap in use.");
        out.sample("jvm_memory_heap_used_bytes", Map.of(), heap.getUsed());
        out.family("jvm_memory_heap_max_bytes", "gauge", "The largest heap the JVM may use.");
        out.sample("jvm_memory_heap_max_bytes", Map.of(), heap.getMax());
        out.family("process_uptime_seconds", "gauge", "Seconds since the JVM started.");
        out.sample("process_uptime_seconds", Map.of(), ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }

    private static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    /** The text format: a HELP and TYPE line per family, one line per sample, labels escaped. */
    static final class Exposition {
        private final StringBuilder text = new StringBuilder();

        void family(String name, String type, String help) {
            text.append("# HELP ").append(name).append(' ').append(help).append('\n');
            text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }

        void sample(String name, Map<String, String> labels, Number value) {
            text.append(name);
            if (!labels.isEmpty()) {
                text.append('{');
                boolean first = true;
                for (Map.Entry<String, String> l : new TreeMap<>(labels).entrySet()) {
                    text.append(first ? "" : ",").append(l.getKey()).append("=\"").append(escape(l.getValue()))
                            .append('"');
                    first = false;
                }
                text.append('}');
            }
            text.append(' ').append(format(value)).append('\n');
        }

        String text() {
            return text.toString();
        }

        private static String format(Number value) {
            if (value == null) {
                return "NaN";
            }
            if (value instanceof Long || value instanceof Integer) {
                return value.toString();
            }
            double d = value.doubleValue();
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "+Inf" : "-Inf";
            }
            return String.format(Locale.ROOT, "%s", d);
        }

        private static String escape(String value) {
            return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        }
    }
}
