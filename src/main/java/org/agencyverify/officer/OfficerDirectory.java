package org.agencyverify.officer;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.mail.Mailboxes;

/**
 * What other features may ask about officers without seeing them (answers are {@link OfficerSummary}
 * copies). The contact feature calls {@link #isOfficerMailbox} to refuse a contact whose email is an
 * officer's mailbox.
 */
@ApplicationScoped
public class OfficerDirectory {

    /**
     * Whether any officer of any agency, in any status (revoked ones too), has this mailbox: the same
     * address up to case and a {@code +tag} ({@link Mailboxes}).
     */
    public boolean isOfficerMailbox(String email) {
        if (email == null || email.isBlank()) {
            return false;
        }
        return Officer.getEntityManager()
                .createQuery("select o.email from Officer o where o.email like ?1 escape '\\'", String.class)
                .setParameter(1, Mailboxes.candidates(email))
                .getResultStream()
                .anyMatch(enrolled -> Mailboxes.same(enrolled, email));
    }

    /** An officer by id, in any status. */
    public Optional<OfficerSummary> find(UUID officerId) {
        return officerId == null ? Optional.empty() : Officer.<Officer>findByIdOptional(officerId).map(OfficerSummary::of);
    }

    /** The officer enrolled with exactly this (lower-cased) email, in any status. */
    public Optional<OfficerSummary> findByEmail(String normalizedEmail) {
        return Officer.<Officer>find("email", normalizedEmail).firstResultOptional().map(OfficerSummary::of);
    }

    /** The agency's officer with this id, as its admins see it; empty for another agency's officer. */
    public Optional<OfficerView> view(UUID agencyId, UUID officerId) {
        return officerId == null ? Optional.empty()
                : Officer.<Officer>findByIdOptional(officerId).filter(o -> o.agencyId.equals(agencyId)).map(OfficerView::of);
    }

    /** The agency's officer with this email (any case), as its admins see it; empty for another agency's. */
    public Optional<OfficerView> viewByEmail(UUID agencyId, String email) {
        return Officer.<Officer>find("agencyId = ?1 and email = ?2", agencyId, normalize(email)).firstResultOptional()
                .map(OfficerView::of);
    }

    /** The agency's officers not removed for good, oldest first, from {@code offset} (0-based). */
    public List<OfficerView> current(UUID agencyId, int offset, int limit) {
        return Officer.<Officer>find("agencyId = ?1 and status <> ?2", Sort.ascending("createdAt").and("id"), agencyId,
                OfficerStatus.REVOKED).range(offset, offset + limit - 1).list().stream().map(OfficerView::of).toList();
    }

    /** How many officers {@link #current} pages through. */
    public long countCurrent(UUID agencyId) {
        return Officer.count("agencyId = ?1 and status <> ?2", agencyId, OfficerStatus.REVOKED);
    }

    static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
