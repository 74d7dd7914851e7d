package learning.console.internal;

import java.util.function.Supplier;

import org.osgi.framework.BundleContext;

import learning.api.attribution.OutcomeAttributor;
import learning.api.corpus.CorpusService;
import learning.api.forecast.OutcomeHistory;
import learning.api.forecast.PerformanceAggregator;
import learning.api.karma.KarmaService;
import learning.api.weights.WeightService;
import learning.api.event.EventLog;
import learning.api.ledger.InputLedger;
import learning.api.meta.MetaProducer;

/**
 * What the API's handlers work with.
 *
 * @param ledger the input ledger
 * @param events the event log
 * @param attributor the outcome attributor while one is running, else a supplier of null
 * @param karma the karma service while it runs, else a supplier of null
 * @param corpus the corpus service while it runs, else a supplier of null
 * @param weights the weight service while it runs, else a supplier of null
 * @param outcomes the outcome history while it runs, else a supplier of null
 * @param performance the performance aggregator while it runs, else a supplier of null
 * @param bundleContext the console bundle's context, for reading the service registry
 * @param meta the live meta-producer while one runs, else a supplier of null
 */
public record ApiServices(InputLedger ledger, EventLog events, Supplier<OutcomeAttributor> attributor,
        Supplier<KarmaService> karma, Supplier<CorpusService> corpus, Supplier<WeightService> weights,
        Supplier<OutcomeHistory> outcomes, Supplier<PerformanceAggregator> performance, BundleContext bundleContext,
        Supplier<MetaProducer> meta) {
}
