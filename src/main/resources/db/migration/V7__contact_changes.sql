-- Contact changes proposed by agency admins. A change waits out a cool-down (effective_at) AND
-- until every contact that was ACTIVE when it was proposed has been notified; only then does a
-- scheduled job apply it. So a stolen admin account cannot silently repoint confirmations.
CREATE TABLE contact_change (
    id           UUID PRIMARY KEY,
    agency_id    UUID         NOT NULL REFERENCES agency (id),
    action       VARCHAR(20)  NOT NULL CHECK (action IN ('ADD', 'REMOVE')),
    -- ADD: the new contact (status PENDING until applied); REMOVE: the contact to remove.
    contact_id   UUID         NOT NULL REFERENCES agency_contact (id),
    proposed_by  VARCHAR(200) NOT NULL,
    -- CANCELLED: an operator removed the proposed contact before the change applied.
    status       VARCHAR(20)  NOT NULL CHECK (status IN ('PENDING', 'APPLIED', 'CANCELLED')),
    effective_at TIMESTAMPTZ  NOT NULL,
    applied_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ  NOT NULL,
    version      BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX contact_change_due_idx ON contact_change (status, effective_at);
-- At most one pending change per contact.
CREATE UNIQUE INDEX contact_change_one_pending_idx ON contact_change (contact_id) WHERE status = 'PENDING';

-- Outbox: one notification per (change, contact that was ACTIVE), delivered by a scheduled worker
-- over the contact's registered channel, retried with backoff. The id is the idempotency key
-- receivers see (webhook-id).
CREATE TABLE contact_notification (
    id              UUID PRIMARY KEY,
    change_id       UUID         NOT NULL REFERENCES contact_change (id),
    contact_id      UUID         NOT NULL REFERENCES agency_contact (id),
    status          VARCHAR(20)  NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    -- A short reason code of the last failed attempt (never a response body or a secret).
    last_error      VARCHAR(200),
    delivered_at    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0,
    UNIQUE (change_id, contact_id)
);
CREATE INDEX contact_notification_due_idx ON contact_notification (status, next_attempt_at);
