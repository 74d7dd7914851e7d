package learning.store.internal;

import learning.api.event.EventLog;
import learning.api.ledger.InputLedger;
import learning.api.store.LearningDatabase;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Publishes the input ledger. */
@Component(service = InputLedger.class, immediate = true)
public class LedgerComponent extends SqlInputLedger {
    /**
     * @param database the engine's database
     * @param events the event log
     */
    @Activate
    public LedgerComponent(@Reference LearningDatabase database, @Reference EventLog events) {
        super(database, events);
    }
}
