package org.agencyverify.verification.ciba;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.outbox.OutboxHandler;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.text.OneLineText;
import org.agencyverify.officer.OfficerDirectory;
import org.agencyverify.officer.OfficerSummary;
import org.agencyverify.portal.PortalDirectory;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationState;

/**
 * Outbox handler: tells the officer whose address an emailed request names that a portal asks whether
 * they sent it. The email goes to the address the agency enrolled and carries only a link to the
 * service's page: no code, no secret, nothing that answers. A thief of the mailbox has the link but
 * not the officer's sign-in, which the page demands.
 */
@ApplicationScoped
public class OfficerNoticeDelivery implements OutboxHandler {

    public static final String KIND = "officer-sent-check";

    private final Mailer mailer;
    private final OfficerDirectory officers;
    private final PortalDirectory portals;
    private final OfficerPages pages;
    private final AuditLog audit;

    OfficerNoticeDelivery(Mailer mailer, OfficerDirectory officers, PortalDirectory portals, OfficerPages pages, AuditLog audit) {
        this.mailer = mailer;
        this.officers = officers;
        this.portals = portals;
        this.pages = pages;
        this.audit = audit;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Result deliver(UUID verificationId, int attempt) throws DeliveryFailed {
        Verification v = Verification.findById(verificationId);
        if (v == null || v.state != VerificationState.PENDING_CONFIRMATION || v.officerProof != Verification.OfficerProof.PENDING
                || !v.expiresAt.isAfter(Instant.now())) {
            return Result.OBSOLETE;
        }
        OfficerSummary officer = officers.find(v.officerId).filter(OfficerSummary::active).orElse(null);
        if (officer == null) {
            return Result.OBSOLETE;
        }
        String portal = portals.byId(v.portalId).map(PortalDirectory.PortalFacts::name).orElse("a data holder");
        String link = pages.link(v.id, officer);
        try {
            // The same Message-ID on every retry, so a mailbox that got it twice can tell.
            mailer.send(Mail.withText(officer.email(), subject(portal, v), text(officer, portal, v, link))
                    .addHeader("Message-ID", "<sent_" + v.id + "@agency-verify>"));
        } catch (RuntimeException e) {
            throw new DeliveryFailed("smtp: " + e.getClass().getSimpleName());
        }
        audit.record(Actor.SYSTEM, "verification.officer-notified", "verification", v.id.toString(),
                Map.of("officerId", officer.id().toString(), "agencyId", v.agencyId.toString(), "attempts", attempt));
        return Result.DELIVERED;
    }

    @Override
    public void failedForGood(UUID verificationId, String reason) {
        audit.record(Actor.SYSTEM, "verification.officer-notice-failed", "verification", verificationId.toString(),
                Map.of("reason", reason));
    }

    private static String subject(String portal, Verification v) {
        return oneLine("Did you send this? " + portal + " received a " + v.purpose + " request from your address");
    }

    private static String text(OfficerSummary officer, String portal, Verification v, String link) {
        return oneLine(officer.name()) + ",\n\n"
                + oneLine(portal) + " received a " + v.purpose + " request by email from your address, " + v.requesterEmail
                + ",\nand asks your agency whether you sent it. The request, one value per line:\n\n"
                + row("Code", v.bindingCode)
                + row("Case reference", OneLineText.quoted(v.caseReference))
                + (v.documentDigest == null ? "" : row("Legal document", "SHA-256 " + v.documentDigest))
                + "\nTo answer, open this page and sign in as you always do, with your second factor:\n\n"
                + "  " + link + "\n\n"
                + "There you can say that you sent it, or that you did not. If you did not send it, someone may be\n"
                + "using your mailbox: say so on the page and tell your agency. This email answers nothing by itself,\n"
                + "and replying to it does nothing. Nobody from agency-verify will ever ask you for a password or a code.\n";
    }

    private static String row(String label, String value) {
        return "  " + String.format("%-16s", label + ":") + oneLine(value) + "\n";
    }

    private static String oneLine(String value) {
        return OneLineText.neutralized(value).strip();
    }
}
