package learning.replay.internal;

import java.nio.file.Path;

import learning.api.cycle.CycleRunner;
import learning.api.event.EventLog;
import learning.api.ledger.InputLedger;
import learning.api.store.LearningDatabase;
import learning.api.weights.WeightService;

/**
 * The engine services a replay drives: all of them API services, so the same driver runs in the
 * framework (DS references) and in the report tool (components built directly).
 *
 * @param db groups a segment's writes into one transaction
 * @param ledger where prices, convictions, positions, signals and forecasts go
 * @param events the replay's own markers ({@code replay.started.v1}, progress, finished)
 * @param cycles runs the real cycles at simulated instants
 * @param weights the live weights the convictions are synthesized from
 * @param skillsDir the corpus skills folder the replay's skill files go to, or null for none
 */
public record ReplayServices(LearningDatabase db, InputLedger ledger, EventLog events, CycleRunner cycles,
        WeightService weights, Path skillsDir) {
}
