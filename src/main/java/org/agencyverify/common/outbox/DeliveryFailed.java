package org.agencyverify.common.outbox;

/** A delivery that did not happen this time, with a short reason code that is safe to store and log. */
public final class DeliveryFailed extends Exception {

    public DeliveryFailed(String reason) {
        super(reason, null, false, false);
    }
}
