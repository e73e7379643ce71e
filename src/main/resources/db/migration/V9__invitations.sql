-- Outbox of invitations: a person made in Keycloak with required actions (set a password, configure
-- an authenticator) gets Keycloak's execute-actions email. The row is written in the transaction that
-- creates the person and drained by a scheduled worker that locks one row at a time (SKIP LOCKED),
-- so replicas never send the same invitation twice; failures are retried with backoff.
CREATE TABLE invitation (
    id               UUID PRIMARY KEY,
    keycloak_user_id VARCHAR(64)  NOT NULL,
    kind             VARCHAR(20)  NOT NULL CHECK (kind IN ('OFFICER', 'AGENCY_ADMIN', 'CONTACT')),
    -- The officer, agency admin or contact id.
    subject_id       UUID         NOT NULL,
    -- Comma-separated Keycloak required actions the email asks for, e.g. UPDATE_PASSWORD,CONFIGURE_TOTP.
    required_actions VARCHAR(200) NOT NULL,
    status           VARCHAR(20)  NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts         INT          NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ  NOT NULL,
    -- A short code of the last failed attempt (KEYCLOAK_UNAVAILABLE, KEYCLOAK_REFUSED_404...), never a
    -- library's message.
    last_error_kind  VARCHAR(40),
    created_at       TIMESTAMPTZ  NOT NULL,
    sent_at          TIMESTAMPTZ,
    version          BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX invitation_due_idx ON invitation (status, next_attempt_at);
CREATE INDEX invitation_subject_idx ON invitation (subject_id);
