package org.agencyverify.confirmation;

import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.contact.AgencyContact;

/** Reaches a contact over the channel registered at enrollment with one confirmation request. */
public interface ConfirmationChannel {

    /** The contact channel this bean delivers on. */
    AgencyContact.Channel channel();

    /** Sends the request; {@link DeliveryFailed} (a short reason code) is retried by the outbox. */
    void deliver(ConfirmationRequest request) throws DeliveryFailed;
}
