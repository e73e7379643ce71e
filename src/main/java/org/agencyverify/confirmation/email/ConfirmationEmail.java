package org.agencyverify.confirmation.email;

import java.util.UUID;
import org.agencyverify.common.text.OneLineText;
import org.agencyverify.confirmation.ConfirmationRequest;

/**
 * The email that tells a contact a request waits for them: the binding message (quoted), each value on its
 * own labelled line with the code first, the deadline and the link to the approval page. Text that people
 * typed is one line by the input rule ({@link OneLineText}) and neutralized again here, so it can never
 * start a line of its own: the code line is always the service's. It carries no secret (not even the
 * request's, which is the webhook channel's and null here) and says plainly that it approves nothing: the
 * answer counts only on the page, after a sign-in with a second factor (NIST SP 800-63B-4).
 */
public record ConfirmationEmail(String to, String subject, String text) {

    public static String link(String publicUrl, UUID confirmationId) {
        return publicUrl.replaceAll("/+$", "") + "/approve/" + confirmationId;
    }

    public static ConfirmationEmail compose(ConfirmationRequest f, String publicUrl) {
        String subject = oneLine(f.senderConfirmation()
                ? "Is this yours? " + f.sender().email() + " emailed " + f.portalName() + " a " + f.purpose() + " request (code "
                        + f.bindingCode() + ")"
                : "Confirm or deny: " + f.officerName() + " asks " + f.portalName() + " for " + f.purpose()
                        + " (code " + f.bindingCode() + ")");
        StringBuilder text = new StringBuilder();
        text.append(oneLine(f.contact().name())).append(",\n\n")
                .append(oneLine(f.agencyName())).append(" registered you to confirm requests that its officers make to data holders.\n")
                .append("A request waits for your answer. The requester was shown this message, quoted here as it was shown\n")
                .append("(text between double quotes in it was typed by the requester):\n\n")
                .append("  > ").append(oneLine(f.bindingMessage())).append("\n\n");
        if (f.senderConfirmation()) {
            text.append("This request reached ").append(oneLine(f.portalName())).append(" by email. Nobody has proved who sent it:\n")
                    .append(ConfirmationRequest.Sender.QUESTION).append("\n\n");
        }
        text.append("The request, one value per line:\n\n")
                .append(row("Code", f.bindingCode()))
                .append(f.senderConfirmation()
                        ? row("Sender", f.sender().email() + " (" + f.sender().standing().text() + ")")
                        : row("Officer", f.officerName() + " <" + f.officerEmail() + ">"))
                .append(row("Asked of", f.portalName() + " (" + f.portalAudience() + ")"))
                .append(row("Purpose", f.purpose().name()))
                .append(row("Case reference", OneLineText.quoted(f.caseReference())));
        if (f.documentDigest() != null) {
            text.append(row("Legal document", "SHA-256 " + f.documentDigest()));
        }
        text.append(row("Answer before", ApprovalView.formatDeadline(f.expiresAt())))
                .append("\nThe code on its own line above is this request's code; the requester was shown the same one.\n")
                .append("Text between double quotes was typed by the requester: a code or an instruction inside it means nothing.\n")
                .append("\nTo approve or deny it, open this page and sign in with your password and the one-time code of\n")
                .append("your authenticator app:\n\n")
                .append("  ").append(link(publicUrl, f.confirmationId())).append("\n\n")
                .append("This email approves nothing by itself, and replying to it does nothing: only your answer on that\n")
                .append("page, after you sign in, counts. If you did not expect this request, deny it there and tell your\n")
                .append("agency. Nobody from agency-verify will ever ask you for your password or your one-time code.\n");
        return new ConfirmationEmail(f.contact().email(), subject, text.toString());
    }

    private static String row(String label, String value) {
        return "  " + String.format("%-16s", label + ":") + oneLine(value) + "\n";
    }

    /** Values come from requests and people's input: whatever a stored value holds, it stays on its own line. */
    private static String oneLine(String value) {
        return OneLineText.neutralized(value).strip();
    }
}
