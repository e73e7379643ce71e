package org.agencyverify.invitation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.outbox.OutboxNotice;

/**
 * Send one person Keycloak's email to finish setting up their sign-in. Sent through the outbox
 * ({@link InvitationHandler}); this row keeps what the API reads.
 */
@Entity
@Table(name = "invitation")
public class Invitation extends PanacheEntityBase implements OutboxNotice {

    public enum Status { PENDING, SENT, FAILED }

    @Id
    public UUID id;

    @Column(name = "keycloak_user_id", nullable = false)
    public String keycloakUserId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvitationKind kind;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Column(name = "required_actions", nullable = false)
    public String requiredActions;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error_kind")
    public String lastErrorKind;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Version
    public long version;

    @Override
    public boolean pending() {
        return status == Status.PENDING;
    }

    @Override
    public void attempted(int attempt) {
        attempts = attempt;
    }

    @Override
    public void attemptFailed(String reason) {
        lastErrorKind = reason;
    }

    @Override
    public void delivered(Instant at) {
        status = Status.SENT;
        sentAt = at;
        lastErrorKind = null;
    }

    @Override
    public void failed() {
        status = Status.FAILED;
    }

    public List<String> actions() {
        return Arrays.stream(requiredActions.split(",")).filter(a -> !a.isBlank()).toList();
    }
}
