package org.agencyverify.verification;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a verification stands (DESIGN.md): {@code PENDING_CONFIRMATION -> APPROVED -> TOKEN_ISSUED},
 * or one of the ends {@code DENIED}, {@code EXPIRED}, {@code REJECTED}. A state never moves backwards
 * and the terminal states are final.
 */
public enum VerificationState {
    /** Checks 1-3 passed; the agency's contacts were asked and have not all answered. */
    PENDING_CONFIRMATION,
    /** The contacts the policy needs confirmed; a trust token may be issued once. */
    APPROVED,
    /** The trust token was issued. Terminal. */
    TOKEN_ISSUED,
    /** A contact denied it. Terminal. */
    DENIED,
    /** Nobody confirmed before the deadline (or the token was not collected in time). Terminal. */
    EXPIRED,
    /** Failed a check before any contact was asked. Terminal. */
    REJECTED;

    /** The states a new verification may start in. */
    public static Set<VerificationState> initial() {
        return EnumSet.of(PENDING_CONFIRMATION, REJECTED);
    }

    public boolean isTerminal() {
        return next().isEmpty();
    }

    /** Every state this one may move to; nothing else is allowed, not even staying put. */
    public Set<VerificationState> next() {
        return switch (this) {
            case PENDING_CONFIRMATION -> EnumSet.of(APPROVED, DENIED, EXPIRED);
            case APPROVED -> EnumSet.of(TOKEN_ISSUED, EXPIRED);
            case TOKEN_ISSUED, DENIED, EXPIRED, REJECTED -> EnumSet.noneOf(VerificationState.class);
        };
    }

    public boolean canMoveTo(VerificationState target) {
        return next().contains(target);
    }

    /** The move itself: the target, or an {@link IllegalStateException} for a move the rule forbids. */
    public VerificationState moveTo(VerificationState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("verification cannot move from " + this + " to " + target);
        }
        return target;
    }
}
