package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencySummary;
import org.agencyverify.common.crypto.StoredSecrets;
import org.agencyverify.contact.webhook.WebhookSecrets;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.tx.OnRollback;
import org.agencyverify.contact.ContactViews.RegisterContact;
import org.agencyverify.identity.KeycloakRefusedException;
import org.agencyverify.invitation.InvitationKind;
import org.agencyverify.invitation.Invitations;

/**
 * Creates a contact row and what it needs outside the database (the email contact's Keycloak
 * user, the webhook's HMAC secret), inside the caller's transaction; Keycloak work is undone
 * when that transaction does not commit. The caller writes the audit event.
 */
@ApplicationScoped
public class ContactEnrollment {

    /** The new contact, and the generated webhook secret to show once (null for other channels). */
    public record Enrolled(AgencyContact contact, String webhookSecret) {}

    private final ContactChannels channels;
    private final ContactUsers users;
    private final StoredSecrets secrets;
    private final OnRollback onRollback;
    private final EntityManager entityManager;
    private final Invitations invitations;

    ContactEnrollment(ContactChannels channels, ContactUsers users, StoredSecrets secrets, OnRollback onRollback,
            EntityManager entityManager, Invitations invitations) {
        this.invitations = invitations;
        this.channels = channels;
        this.users = users;
        this.secrets = secrets;
        this.onRollback = onRollback;
        this.entityManager = entityManager;
    }

    public Enrolled enroll(AgencySummary agency, RegisterContact request, AgencyContact.Status status, Instant effectiveAt) {
        ContactChannels.Checked channel = channels.check(request.channel());
        refuseDuplicate(agency.id(), channel);

        AgencyContact contact = new AgencyContact();
        contact.id = UUID.randomUUID();
        contact.agencyId = agency.id();
        contact.name = request.name().trim();
        contact.role = request.role().trim();
        contact.level = request.level();
        contact.channel = channel.type();
        contact.webhookUrl = channel.url();
        contact.signatureScheme = channel.scheme();
        contact.agencyPublicKey = channel.publicKey();
        contact.email = channel.email();
        contact.status = status;
        contact.effectiveAt = effectiveAt;
        contact.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        contact.updatedAt = contact.createdAt;

        String webhookSecret = null;
        if (channel.scheme() == AgencyContact.SignatureScheme.HMAC_SHA256) {
            webhookSecret = WebhookSecrets.generate();
            contact.hmacSecretEncrypted = secrets.seal(webhookSecret, hmacContext(contact.id));
        }
        if (channel.type() == AgencyContact.Channel.EMAIL) {
            contact.keycloakUserId = provisionUser(agency, contact, status == AgencyContact.Status.ACTIVE);
        }
        try {
            contact.persist();
            entityManager.flush();
        } catch (PersistenceException e) {
            if (e instanceof org.hibernate.exception.ConstraintViolationException) {
                throw duplicate(channel);
            }
            throw e;
        }
        if (contact.keycloakUserId != null && status == AgencyContact.Status.ACTIVE) {
            // A proposed (PENDING) contact's user stays disabled: invited when the change applies.
            invitations.invite(contact.keycloakUserId, InvitationKind.CONTACT, contact.id, ContactUsers.REQUIRED_ACTIONS);
        }
        return new Enrolled(contact, webhookSecret);
    }

    /** The associated data that binds a sealed HMAC secret to its contact row. */
    public static String hmacContext(UUID contactId) {
        return "agency_contact:" + contactId + ":hmac";
    }

    public static Map<String, Object> snapshot(AgencyContact contact) {
        Map<String, Object> map = new HashMap<>();
        map.put("agencyId", contact.agencyId.toString());
        map.put("name", contact.name);
        map.put("role", contact.role);
        map.put("level", contact.level.name());
        map.put("channel", contact.channel.name());
        map.put("url", contact.webhookUrl);
        map.put("signatureScheme", contact.signatureScheme == null ? null : contact.signatureScheme.name());
        map.put("publicKey", contact.agencyPublicKey);
        map.put("email", contact.email);
        map.put("keycloakUserId", contact.keycloakUserId);
        map.put("status", contact.status.name());
        map.put("effectiveAt", contact.effectiveAt == null ? null : contact.effectiveAt.toString());
        return map;
    }

    private String provisionUser(AgencySummary agency, AgencyContact contact, boolean enabled) {
        String userId;
        try {
            userId = users.create(contact.email, contact.name, agency.id().toString(), contact.id.toString());
        } catch (KeycloakRefusedException e) {
            if (e.isConflict()) {
                throw new ApiException(ProblemType.CONFLICT, "This email address already has an account in the service.",
                        List.of(new Problem.FieldError("channel.email", "already in use")));
            }
            throw new ApiException(ProblemType.INVALID_REQUEST, "Keycloak refused the contact's account.",
                    List.of(new Problem.FieldError("channel.email", "refused")));
        }
        onRollback.register("contact user of " + contact.id, () -> users.delete(userId));
        try {
            users.grantContactRole(userId);
            if (agency.keycloakOrgId() != null) {
                users.joinOrganization(agency.keycloakOrgId(), userId);
            }
            if (!enabled) {
                users.setEnabled(userId, false);
            }
        } catch (KeycloakRefusedException e) {
            throw new ApiException(ProblemType.CONFLICT,
                    "Keycloak refused part of the contact's account (is the agency's organization still there?); nothing was registered.");
        }
        return userId;
    }

    private static void refuseDuplicate(UUID agencyId, ContactChannels.Checked channel) {
        long existing = channel.type() == AgencyContact.Channel.EMAIL
                ? AgencyContact.count("agencyId = ?1 and status <> ?2 and email = ?3", agencyId, AgencyContact.Status.REMOVED, channel.email())
                : AgencyContact.count("agencyId = ?1 and status <> ?2 and webhookUrl = ?3", agencyId, AgencyContact.Status.REMOVED, channel.url());
        if (existing > 0) {
            throw duplicate(channel);
        }
    }

    private static ApiException duplicate(ContactChannels.Checked channel) {
        String field = channel.type() == AgencyContact.Channel.EMAIL ? "channel.email" : "channel.url";
        return new ApiException(ProblemType.CONFLICT, "The agency already has a contact on this channel.",
                List.of(new Problem.FieldError(field, "already registered")));
    }
}
