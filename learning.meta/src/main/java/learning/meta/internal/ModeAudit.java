package learning.meta.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import com.google.gson.JsonObject;

import learning.api.event.EventLog;
import learning.api.event.EventTypes;
import learning.api.event.NewEvent;
import learning.api.meta.MetaMode;
import learning.api.store.LearningDatabase;

/**
 * Remembers the mode last in force per implementation ({@code meta_mode}) and audits every switch
 * as a {@code meta.mode_changed.v1} event {@code {from, to, actor, implementation, ts}}, in one
 * transaction.
 */
final class ModeAudit {
    /** The actor of a switch that arrived as a configuration change (a file in deploy/, Config Admin). */
    static final String CONFIGURATION = "configuration";

    private final LearningDatabase db;
    private final EventLog events;
    private final String implementation;

    ModeAudit(LearningDatabase db, EventLog events, String implementation) {
        this.db = db;
        this.events = events;
        this.implementation = implementation;
    }

    /** @return the mode last recorded for this implementation, if any */
    Optional<MetaMode> lastMode() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT mode FROM meta_mode WHERE implementation = ?")) {
                p.setString(1, implementation);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(MetaMode.valueOf(r.getString(1).toUpperCase(Locale.ROOT)))
                            : Optional.<MetaMode>empty();
                }
            }
        });
    }

    /**
     * Records the mode in force; a change from the last recorded mode is audited.
     *
     * @param to the mode now in force
     * @param actor who switched it
     * @param at when
     * @return whether it was a switch (and so audited)
     */
    boolean record(MetaMode to, String actor, Instant at) {
        return db.inTransaction(c -> {
            MetaMode from = null;
            try (PreparedStatement p = c.prepareStatement("SELECT mode FROM meta_mode WHERE implementation = ?")) {
                p.setString(1, implementation);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        from = MetaMode.valueOf(r.getString(1).toUpperCase(Locale.ROOT));
                    }
                }
            }
            if (from == to) {
                return false;
            }
            try (PreparedStatement p = c.prepareStatement(from == null
                    ? "INSERT INTO meta_mode (mode, changed_at, actor, implementation) VALUES (?, ?, ?, ?)"
                    : "UPDATE meta_mode SET mode = ?, changed_at = ?, actor = ? WHERE implementation = ?")) {
                p.setString(1, to.wireName());
                p.setObject(2, Times.timestamp(at));
                p.setString(3, actor);
                p.setString(4, implementation);
                p.executeUpdate();
            }
            if (from == null) {
                return false; // the first activation: nothing was switched
            }
            JsonObject payload = new JsonObject();
            payload.addProperty("from", from.wireName());
            payload.addProperty("to", to.wireName());
            payload.addProperty("actor", actor);
            payload.addProperty("implementation", implementation);
            payload.addProperty("ts", at.toString());
            events.append(new NewEvent(EventTypes.META_MODE, at, "learning.meta", null, payload.toString()));
            return true;
        });
    }
}
