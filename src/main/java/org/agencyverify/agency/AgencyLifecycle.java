package org.agencyverify.agency;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of an agency's status, as plain Java: which action may move which status, and what an
 * agency needs before it may verify anything (ACTIVE).
 *
 * <pre>
 * PENDING   --activate--&gt;  ACTIVE      (needs a proved domain and an ACTIVE contact)
 * ACTIVE    --suspend---&gt;  SUSPENDED
 * SUSPENDED --reinstate-&gt;  ACTIVE      (needs the same as activate, checked again)
 * </pre>
 * Everything else is refused: a PENDING agency is not suspended (it cannot do anything yet), and
 * an ACTIVE one is not activated twice.
 */
public final class AgencyLifecycle {

    /** What an operator asks for. */
    public enum Action {
        ACTIVATE, SUSPEND, REINSTATE;

        public String verb() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private AgencyLifecycle() {}

    /** The status after {@code action}, or {@link IllegalTransitionException} when the rules refuse it. */
    public static AgencyStatus next(AgencyStatus from, Action action) {
        AgencyStatus to = switch (action) {
            case ACTIVATE -> from == AgencyStatus.PENDING ? AgencyStatus.ACTIVE : null;
            case SUSPEND -> from == AgencyStatus.ACTIVE ? AgencyStatus.SUSPENDED : null;
            case REINSTATE -> from == AgencyStatus.SUSPENDED ? AgencyStatus.ACTIVE : null;
        };
        if (to == null) {
            throw new IllegalTransitionException(from, action);
        }
        return to;
    }

    /** Whether moving to {@code to} needs {@link #missingForActive} to be empty. */
    public static boolean needsPrerequisites(AgencyStatus to) {
        return to == AgencyStatus.ACTIVE;
    }

    /** What an agency still lacks to be ACTIVE; empty when it has everything. */
    public static List<String> missingForActive(long provedDomains, long activeContacts) {
        List<String> missing = new ArrayList<>();
        if (provedDomains < 1) {
            missing.add("a proved domain");
        }
        if (activeContacts < 1) {
            missing.add("an ACTIVE contact");
        }
        return missing;
    }

    /** The rules refuse this action from this status. */
    public static final class IllegalTransitionException extends RuntimeException {
        private final AgencyStatus from;
        private final Action action;

        IllegalTransitionException(AgencyStatus from, Action action) {
            super("cannot " + action.verb() + " an agency that is " + from, null, false, false);
            this.from = from;
            this.action = action;
        }

        public AgencyStatus from() {
            return from;
        }

        public Action action() {
            return action;
        }
    }
}
