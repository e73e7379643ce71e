package org.agencyverify.confirmation.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.confirmation.ConfirmationChannel;
import org.agencyverify.confirmation.ConfirmationRequest;
import org.agencyverify.contact.AgencyContact;

/**
 * Tells an email contact, at the address registered at enrollment, that a request waits on the approval
 * page. A notification only: the decision is taken on the page after a sign-in with a second factor.
 */
@ApplicationScoped
public class EmailConfirmationChannel implements ConfirmationChannel {

    private final Mailer mailer;
    private final AgencyVerifyConfig config;

    EmailConfirmationChannel(Mailer mailer, AgencyVerifyConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    @Override
    public AgencyContact.Channel channel() {
        return AgencyContact.Channel.EMAIL;
    }

    @Override
    public void deliver(ConfirmationRequest request) throws DeliveryFailed {
        ConfirmationEmail email = ConfirmationEmail.compose(request, config.baseUrl());
        try {
            // The same Message-ID on every retry, so a mailbox that got it twice can tell.
            mailer.send(Mail.withText(email.to(), email.subject(), email.text())
                    .addHeader("Message-ID", "<cnf_" + request.confirmationId() + "@agency-verify>"));
        } catch (RuntimeException e) {
            throw new DeliveryFailed("smtp: " + e.getClass().getSimpleName());
        }
    }
}
