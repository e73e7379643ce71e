-- Confirmation delivery and decisions (issue 4): how many distinct contacts must approve, what each
-- contact answered, and one outbox for every outbound delivery that must not be lost.

ALTER TABLE verification ADD COLUMN approvals_needed INTEGER NOT NULL DEFAULT 1
    CHECK (approvals_needed IN (1, 2));

-- Why a contact denied (their words, at most 500 characters); never a secret.
ALTER TABLE confirmation ADD COLUMN reason VARCHAR(500);

-- The outbox: a row is written in the transaction that decides a delivery is due and drained by a
-- scheduled worker that locks one row at a time (FOR UPDATE SKIP LOCKED), so replicas never send one
-- twice at once and a restart loses nothing. kind + subject_id is unique: one delivery per subject.
-- OBSOLETE: the subject no longer needs it (e.g. the verification expired before delivery).
CREATE TABLE outbox_message (
    id              UUID PRIMARY KEY,
    kind            VARCHAR(40)  NOT NULL,
    subject_id      UUID         NOT NULL,
    status          VARCHAR(20)  NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'OBSOLETE')),
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    -- A short reason code of the last failed attempt (never a response body, a library message or a secret).
    last_error      VARCHAR(200),
    delivered_at    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0,
    UNIQUE (kind, subject_id)
);
CREATE INDEX outbox_message_due_idx ON outbox_message (next_attempt_at) WHERE status = 'PENDING';
