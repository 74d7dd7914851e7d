package learning.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import learning.api.forecast.ForecastOutcome;
import learning.api.forecast.OutcomeQuery;
import learning.api.karma.ProducerKarma;
import learning.api.meta.MetaStatus;
import learning.api.weights.Domain;
import learning.api.weights.WeightChange;
import learning.replay.internal.PriceHistory;
import learning.replay.internal.Replay;
import learning.replay.internal.ReplayResult;
import learning.replay.internal.ReplaySettings;

/**
 * One replay on a fresh in-process engine, and what the report reads from the engine afterwards.
 *
 * @param name the run's name
 * @param learning how its weights learned
 * @param settings what it simulated
 * @param result what the replay measured
 * @param karma the karma leaderboard at the end
 * @param finalWeights the live weights at the end
 * @param history the weights history rows, newest first
 * @param producerBrier mean Brier of each producer's resolved forecasts
 * @param resolvedCount resolved forecasts in the store (the meta-producer's shadow forecasts included)
 * @param meta the meta-producer's status at the end: activation, shadow track record, the ensemble's
 *        record; null when the run had no meta-producer
 * @param metaCycle the {@code meta} cycle's totals: calls, forecasts, abstentions by reason
 *        ({@link InProcessEngine#metaCycleCounts()})
 */
public record ReplayRun(String name, InProcessEngine.Learning learning, ReplaySettings settings, ReplayResult result,
        List<ProducerKarma> karma, Map<Domain, Double> finalWeights, List<WeightChange> history,
        Map<String, double[]> producerBrier, long resolvedCount, MetaStatus meta, Map<String, Long> metaCycle) {

    /**
     * @param name names the run and its in-memory database
     * @param learning how the weights learn
     * @param settings the replay
     * @param prices the price series (shared by the runs, so all see the same market)
     * @param work a folder for the run's overlay and skill files
     * @param fileDatabase true: an HSQLDB file database under {@code work} as the engine uses; false: in memory
     * @param withMeta whether the engine runs the meta-producer and its {@code meta} cycle
     * @return the run
     */
    public static ReplayRun run(String name, InProcessEngine.Learning learning, ReplaySettings settings,
            PriceHistory prices, Path work, boolean fileDatabase, boolean withMeta) throws IOException {
        Path home = Files.createDirectories(work.resolve(name));
        String url = fileDatabase ? "jdbc:hsqldb:file:" + home.toAbsolutePath().resolve("data/db/learning")
                : "jdbc:hsqldb:mem:report-" + name + "-" + System.nanoTime();
        try (InProcessEngine engine = new InProcessEngine(url, home, learning, withMeta)) {
            Replay replay = new Replay(engine.replayServices(), settings, prices);
            Replay.HomeState state = replay.inspectHome();
            ReplayResult result = replay.run(state, () -> false, at -> { });
            Map<String, double[]> brier = new java.util.TreeMap<>();
            for (var p : settings.producers()) {
                double sum = 0;
                int n = 0;
                for (ForecastOutcome o : engine.outcomes().outcomes(new OutcomeQuery(p.id(), null, null, null, 10_000))) {
                    sum += o.brierScore();
                    n++;
                }
                brier.put(p.id(), new double[] {n == 0 ? Double.NaN : sum / n, n});
            }
            return new ReplayRun(name, learning, settings, result, engine.karma().leaderboard(1000),
                    engine.weights().live().weights(), engine.weights().history(null, 10_000), brier,
                    engine.outcomes().resolvedCount(), withMeta ? engine.meta().status() : null,
                    engine.metaCycleCounts());
        }
    }
}
