package learning.console.internal.read;

import org.osgi.framework.Bundle;

/** Names of bundle states as operators know them from the shell. */
public final class BundleStates {
    private BundleStates() {
    }

    /**
     * @param state a {@link Bundle} state constant
     * @return its name: ACTIVE, RESOLVED, INSTALLED, STARTING, STOPPING or UNINSTALLED
     */
    public static String name(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
