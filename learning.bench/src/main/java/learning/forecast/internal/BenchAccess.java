package learning.forecast.internal;

import java.util.List;

import learning.api.event.EventLog;
import learning.api.forecast.OutcomeResolver;
import learning.api.ledger.InputLedger;
import learning.api.store.LearningDatabase;

/**
 * The benchmark harness's way in to the forecast bundle's private classes. It lives in the bench
 * module (same package name, plain class path under {@code exec:java}), so the engine's bundle
 * exposes nothing for it.
 */
public final class BenchAccess {
    private BenchAccess() {
    }

    /** @return the default resolver with default settings and no remote price sources */
    public static OutcomeResolver resolver(LearningDatabase db, EventLog events, InputLedger ledger) {
        return new DefaultOutcomeResolver(db, events, ledger, List::of, ResolverSettings.defaults());
    }
}
