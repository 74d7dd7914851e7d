package learning.api.weights;

import java.util.Locale;
import java.util.Optional;

/** The six signal domains, in the order the original system keeps them. */
public enum Domain {
    /** Curated human signals. */
    CURATOR,
    /** On-chain flows, stablecoins, whales. */
    ONCHAIN,
    /** Traditional finance, ETFs. */
    TRADFI,
    /** Social and sentiment. */
    SOCIAL,
    /** Technical analysis and order books. */
    TECHNICAL,
    /** Scheduled and unscheduled events. */
    EVENTS;

    /** @return the wire name, lower case */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a domain name in any case
     * @return the domain, if the name is one
     */
    public static Optional<Domain> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Domain d : values()) {
            if (d.wireName().equalsIgnoreCase(name.trim())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
