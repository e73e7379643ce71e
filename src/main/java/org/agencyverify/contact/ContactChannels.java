package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.agencyverify.contact.webhook.Ed25519Keys;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.net.OutboundUrls;
import org.agencyverify.contact.ContactViews.ChannelInput;

/** Checks a requested channel and says exactly which field is wrong. */
@ApplicationScoped
public class ContactChannels {

    /** A channel that passed every check. Exactly one of url / email is set. */
    public record Checked(AgencyContact.Channel type, String url, AgencyContact.SignatureScheme scheme, String publicKey,
            String email) {}

    private final OutboundUrls urls;
    private final OfficerMailboxes officerMailboxes;

    ContactChannels(OutboundUrls urls, OfficerMailboxes officerMailboxes) {
        this.urls = urls;
        this.officerMailboxes = officerMailboxes;
    }

    public Checked check(ChannelInput channel) {
        return switch (channel.type()) {
            case WEBHOOK -> webhook(channel);
            case EMAIL -> email(channel);
        };
    }

    private Checked webhook(ChannelInput channel) {
        refuseIfPresent("channel.email", channel.email(), "is only for the EMAIL channel");
        String url = urls.requireSafe("channel.url", channel.url() == null ? null : channel.url().trim());
        String publicKey = channel.publicKey() == null || channel.publicKey().isBlank() ? null : channel.publicKey().trim();
        if (publicKey != null && Ed25519Keys.parse(publicKey).isEmpty()) {
            throw invalid("channel.publicKey", "must be an Ed25519 public key: standard base64 of the raw 32 bytes");
        }
        return new Checked(AgencyContact.Channel.WEBHOOK, url,
                publicKey == null ? AgencyContact.SignatureScheme.HMAC_SHA256 : AgencyContact.SignatureScheme.ED25519,
                publicKey, null);
    }

    private Checked email(ChannelInput channel) {
        refuseIfPresent("channel.url", channel.url(), "is only for the WEBHOOK channel");
        refuseIfPresent("channel.publicKey", channel.publicKey(), "is only for the WEBHOOK channel");
        String email = EmailAddresses.normalize(channel.email())
                .orElseThrow(() -> invalid("channel.email", "must be a valid email address"));
        if (officerMailboxes.isOfficerMailbox(email)) {
            throw invalid("channel.email", "must not be an officer's mailbox");
        }
        return new Checked(AgencyContact.Channel.EMAIL, null, null, null, email);
    }

    private static void refuseIfPresent(String field, String value, String message) {
        if (value != null && !value.isBlank()) {
            throw invalid(field, message);
        }
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(ProblemType.INVALID_REQUEST, "The field " + field + " " + message + ".",
                List.of(new Problem.FieldError(field, message)));
    }
}
