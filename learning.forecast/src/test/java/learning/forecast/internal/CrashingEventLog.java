package learning.forecast.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import learning.api.event.AppendResult;
import learning.api.event.ChainVerification;
import learning.api.event.Event;
import learning.api.event.EventLog;
import learning.api.event.EventQuery;
import learning.api.event.NewEvent;

/** The real event log, except that a chosen append dies after writing, as a killed process would. */
final class CrashingEventLog implements EventLog {
    private final EventLog delegate;
    private final BooleanSupplier crashNow;

    CrashingEventLog(EventLog delegate, BooleanSupplier crashNow) {
        this.delegate = delegate;
        this.crashNow = crashNow;
    }

    @Override
    public AppendResult append(NewEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    @Override
    public List<AppendResult> appendAll(List<NewEvent> events) {
        List<AppendResult> r = delegate.appendAll(events);
        if (crashNow.getAsBoolean()) {
            throw new IllegalStateException("simulated crash in the middle of a batch");
        }
        return r;
    }

    @Override
    public Optional<Event> byId(String id) {
        return delegate.byId(id);
    }

    @Override
    public Optional<Event> byDedupeKey(String dedupeKey) {
        return delegate.byDedupeKey(dedupeKey);
    }

    @Override
    public List<Event> query(EventQuery query) {
        return delegate.query(query);
    }

    @Override
    public long count(String type) {
        return delegate.count(type);
    }

    @Override
    public ChainVerification verifyChain() {
        return delegate.verifyChain();
    }
}
