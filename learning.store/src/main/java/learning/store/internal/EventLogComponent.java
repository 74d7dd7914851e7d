package learning.store.internal;

import learning.api.event.EventLog;
import learning.api.store.LearningDatabase;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Publishes the event log on the engine's database. */
@Component(service = EventLog.class, immediate = true)
public class EventLogComponent extends ChainedEventLog {
    /**
     * @param database this bundle's own database: the chain head needs its transaction hooks
     */
    @Activate
    public EventLogComponent(
            @Reference(target = "(component.name=learning.store.internal.DatabaseComponent)") LearningDatabase database) {
        super((HsqlDatabase) database);
    }
}
