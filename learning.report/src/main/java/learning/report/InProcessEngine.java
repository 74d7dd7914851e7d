package learning.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import learning.api.cycle.CycleNames;
import learning.api.cycle.LearningCycle;
import learning.api.forecast.AggregationRun;
import learning.api.forecast.OutcomeHistory;
import learning.api.forecast.OutcomeResolver;
import learning.api.forecast.PerformanceAggregator;
import learning.api.forecast.ResolutionRun;
import learning.api.karma.KarmaService;
import learning.api.meta.MetaProducer;
import learning.api.weights.WeightAdjuster;
import learning.api.weights.WeightCycleResult;
import learning.api.weights.WeightPreset;
import learning.api.weights.WeightService;
import learning.attribution.internal.AttributionCycle;
import learning.attribution.internal.PositionOutcomeAttributor;
import learning.corpus.internal.CorpusCycle;
import learning.corpus.internal.FileCorpusService;
import learning.forecast.internal.ForecastComponents;
import learning.karma.internal.EmaKarmaService;
import learning.karma.internal.KarmaCycle;
import learning.loop.internal.CycleLoop;
import learning.meta.internal.MetaCycle;
import learning.meta.internal.MetaProducerComponent;
import learning.replay.internal.ReplayServices;
import learning.store.internal.Store;
import learning.weights.internal.CorrelationAdjuster;
import learning.weights.internal.DefaultWeightService;
import learning.weights.internal.WeightsConfig;

import org.osgi.util.converter.Converters;

/**
 * The engine's real components wired without a framework on one store, the way the engine's
 * Declarative Services wire them: store, attribution, karma, corpus, weights (correlation
 * adjuster), resolver and aggregator, the default meta-producer ({@code learning.meta}, in its
 * default shadow mode, every setting at its default), and the loop's cycle runner over their cycles.
 */
public final class InProcessEngine implements AutoCloseable {
    /** How the weights learn in a run. */
    public enum Learning {
        /** The engine's defaults: cycles applied automatically, overfitting guard after 3 falls. */
        LEARNED,
        /** As {@link #LEARNED}, with the overfitting guard out of reach (it would need a million falls in a row). */
        LEARNED_NO_GUARD,
        /** Approval required and never given: every cycle stays pending, the live weights stay at the preset. */
        FROZEN
    }

    private final Store store;
    private final Path home;
    private final KarmaService karma;
    private final WeightService weights;
    private final OutcomeHistory outcomes;
    private final CycleLoop loop;
    private final FileCorpusService corpus;
    private final MetaProducerComponent meta;
    private final Map<String, Long> metaCounts = new java.util.TreeMap<>();

    /**
     * @param url a JDBC URL, for example {@code jdbc:hsqldb:mem:report-learned}
     * @param home a folder for the overlay file and the skill files
     * @param learning how the weights learn
     */
    public InProcessEngine(String url, Path home, Learning learning) throws IOException {
        this(url, home, learning, true);
    }

    /**
     * @param url a JDBC URL, for example {@code jdbc:hsqldb:mem:report-learned}
     * @param home a folder for the overlay file and the skill files
     * @param learning how the weights learn
     * @param withMeta false: no {@code meta} cycle is installed (the replay runs without it, as on an
     *        engine without a meta-producer). Its index costs far more than the other cycles with the
     *        replay's 18 producers per episode, and in shadow mode it changes nothing the other cycles see.
     */
    public InProcessEngine(String url, Path home, Learning learning, boolean withMeta) throws IOException {
        Files.createDirectories(home.resolve("data"));
        this.home = home;
        this.store = Store.open(url);
        var db = store.database();
        var events = store.events();
        var ledger = store.ledger();
        PositionOutcomeAttributor attributor = new PositionOutcomeAttributor(db, events, ledger);
        EmaKarmaService karmaService = new EmaKarmaService(db, events);
        FileCorpusService corpus = new FileCorpusService(null, Converters.standardConverter()
                .convert(Map.of("skills.dir", skillsDir().toString())).to(FileCorpusService.Config.class), db, events,
                ledger);
        WeightAdjuster correlation = new CorrelationAdjuster();
        WeightsConfig config = WeightsConfig.of(WeightPreset.BALANCED.wireName(), learning == Learning.FROZEN,
                "weekly", 0.05, 0.40, 0.02, 0.01, 30, 20, 30, 90, learning == Learning.LEARNED_NO_GUARD ? 1_000_000 : 3);
        DefaultWeightService weightService = new DefaultWeightService(db, events, new DefaultWeightService.Adjusters() {
            @Override
            public Map.Entry<String, WeightAdjuster> live() {
                return new AbstractMap.SimpleEntry<>("correlation", correlation);
            }

            @Override
            public Map<String, WeightAdjuster> all() {
                return Map.of("correlation", correlation);
            }
        }, config, home.resolve("data").resolve("learned_weights.yaml"), Clock.systemUTC());
        OutcomeResolver resolver = ForecastComponents.resolver(db, events, ledger);
        PerformanceAggregator aggregator = ForecastComponents.aggregator(db);
        Map<String, LearningCycle> cycles = new LinkedHashMap<>();
        cycles.put(CycleNames.ATTRIBUTION, new AttributionCycle(attributor));
        cycles.put(CycleNames.KARMA, new KarmaCycle(karmaService));
        cycles.put(CycleNames.CORPUS, new CorpusCycle(corpus));
        cycles.put(CycleNames.RESOLVE, asOf -> {
            ResolutionRun r = resolver.resolveDue(asOf);
            return Map.of("resolved", r.resolved(), "missing_price", r.missingPrice(), "unresolvable", r.unresolvable());
        });
        cycles.put(CycleNames.AGGREGATE, asOf -> {
            AggregationRun r = aggregator.update(asOf);
            return Map.of("new_outcomes", r.newOutcomes(), "producer_groups", r.producerGroups(), "pairs", r.pairs());
        });
        MetaProducerComponent.Config metaConfig = Converters.standardConverter().convert(Map.of())
                .to(MetaProducerComponent.Config.class);
        MetaProducerComponent metaProducer = new MetaProducerComponent(db, events, ledger, "1.0.0", metaConfig);
        MetaCycle metaCycle = new MetaCycle(metaConfig, db, metaProducer, MetaProducerComponent.NAME);
        if (withMeta) {
            cycles.put(CycleNames.META, asOf -> {
                Map<String, Object> counts = metaCycle.run(asOf);
                tally(counts);
                return counts;
            });
        }
        cycles.put(CycleNames.WEIGHTS, asOf -> weightCounts(weightService.runCycle(asOf)));
        this.loop = new CycleLoop(db, events, name -> Optional.ofNullable(cycles.get(name)), List.of(),
                Clock.systemUTC());
        this.corpus = corpus;
        this.meta = withMeta ? metaProducer : null;
        this.karma = karmaService;
        this.weights = weightService;
        this.outcomes = ForecastComponents.history(db);
    }

    private static Map<String, Object> weightCounts(WeightCycleResult r) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("reason", r.reason());
        counts.put("status", r.status().wireName());
        counts.put("observations", r.observations());
        return counts;
    }

    /** Adds a {@code meta} cycle run's calls, forecasts and abstentions (by reason) to the totals. */
    private synchronized void tally(Map<String, Object> counts) {
        for (String key : List.of("calls", "forecasts")) {
            if (counts.get(key) instanceof Number n) {
                metaCounts.merge(key, n.longValue(), Long::sum);
            }
        }
        if (counts.get("abstentions") instanceof Map<?, ?> m) {
            m.forEach((reason, n) -> {
                if (n instanceof Number x) {
                    metaCounts.merge("abstention." + reason, x.longValue(), Long::sum);
                }
            });
        }
    }

    /**
     * @return the {@code meta} cycle's totals over every run so far: {@code calls}, {@code forecasts}
     *         (answered calls; none in shadow mode) and {@code abstention.<reason>} per abstention reason
     */
    public synchronized Map<String, Long> metaCycleCounts() {
        return Map.copyOf(metaCounts);
    }

    /** @return the meta-producer (shadow mode), or null when the engine was built without it */
    public MetaProducer meta() {
        return meta;
    }

    /** @return the services a replay drives */
    public ReplayServices replayServices() {
        return new ReplayServices(store.database(), store.ledger(), store.events(), loop, weights, skillsDir());
    }

    /** @return the skills folder */
    public Path skillsDir() {
        return home.resolve("corpus").resolve("skills");
    }

    /** @return the karma service */
    public KarmaService karma() {
        return karma;
    }

    /** @return the weight service */
    public WeightService weights() {
        return weights;
    }

    /** @return the outcome history */
    public OutcomeHistory outcomes() {
        return outcomes;
    }

    /** @return the store */
    public Store store() {
        return store;
    }

    /** @return the cycle runner */
    public CycleLoop cycles() {
        return loop;
    }

    /** @return how many skill files the corpus knows, in any state */
    public int corpusSkills() {
        return corpus.skills().size();
    }

    @Override
    public void close() {
        store.close();
    }
}
