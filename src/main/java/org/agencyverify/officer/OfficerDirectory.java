package org.agencyverify.officer;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * What other features may ask about officers without seeing them. The contact feature calls
 * {@link #isOfficerMailbox} to refuse a contact whose email is an officer's mailbox.
 */
@ApplicationScoped
public class OfficerDirectory {

    /** Whether any officer of any agency, in any status (revoked ones too), has this mailbox. */
    public boolean isOfficerMailbox(String email) {
        if (email == null || email.isBlank()) {
            return false;
        }
        return Officer.count("email", normalize(email)) > 0;
    }

    static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
