package learning.console.internal;

import java.util.function.Supplier;

import org.osgi.framework.BundleContext;

import learning.api.attribution.OutcomeAttributor;
import learning.api.event.EventLog;
import learning.api.ledger.InputLedger;

/**
 * What the API's handlers work with.
 *
 * @param ledger the input ledger
 * @param events the event log
 * @param attributor the outcome attributor while one is running, else a supplier of null
 * @param bundleContext the console bundle's context, for reading the service registry
 */
public record ApiServices(InputLedger ledger, EventLog events, Supplier<OutcomeAttributor> attributor,
        BundleContext bundleContext) {
}
