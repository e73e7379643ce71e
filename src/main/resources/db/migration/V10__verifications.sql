-- Verifications (issue 4): a portal asks whether a requester is an enrolled officer of a vetted
-- agency. Rows are kept for every attempt, REJECTED ones included (officer_id is then often null:
-- the check failed before an officer was found). No password, OTP or token is ever stored.
-- (V6 is intentionally unused.)

-- Agencies may ask for two supervisor approvals of every emergency request.
ALTER TABLE agency ADD COLUMN emergency_approvers INTEGER NOT NULL DEFAULT 1
    CHECK (emergency_approvers IN (1, 2));

CREATE TABLE verification (
    id               UUID PRIMARY KEY,
    portal_id        UUID          NOT NULL REFERENCES portal (id),
    audience         VARCHAR(200)  NOT NULL,
    requester_email  VARCHAR(320)  NOT NULL,
    requester_domain VARCHAR(253)  NOT NULL,
    agency_id        UUID REFERENCES agency (id),
    officer_id       UUID REFERENCES officer (id),
    purpose          VARCHAR(30)   NOT NULL,
    case_reference   VARCHAR(200)  NOT NULL,
    -- sha-256 of the legal document, lower-case hex.
    document_digest  CHAR(64),
    state            VARCHAR(30)   NOT NULL CHECK (state IN ('PENDING_CONFIRMATION', 'APPROVED', 'TOKEN_ISSUED',
                                                             'DENIED', 'EXPIRED', 'REJECTED')),
    credential_kind  VARCHAR(20)   NOT NULL CHECK (credential_kind IN ('PASSWORD_OTP', 'TOKEN')),
    acr              VARCHAR(200),
    -- JSON array of the authentication methods, e.g. ["pwd","otp"].
    amr              VARCHAR(500),
    -- Short code shown to the requester and to the confirming contact alike.
    binding_code     VARCHAR(20)   NOT NULL,
    binding_message  VARCHAR(1000) NOT NULL,
    idempotency_key  VARCHAR(200),
    expires_at       TIMESTAMPTZ   NOT NULL,
    created_at       TIMESTAMPTZ   NOT NULL,
    updated_at       TIMESTAMPTZ   NOT NULL,
    version          BIGINT        NOT NULL DEFAULT 0
);
CREATE INDEX verification_portal_idx ON verification (portal_id, created_at);
CREATE INDEX verification_pending_idx ON verification (expires_at) WHERE state = 'PENDING_CONFIRMATION';

-- One row per contact asked. Delivery (and the one-time secret) comes with the next slice.
CREATE TABLE confirmation (
    id              UUID PRIMARY KEY,
    verification_id UUID         NOT NULL REFERENCES verification (id),
    contact_id      UUID         NOT NULL REFERENCES agency_contact (id),
    channel         VARCHAR(20)  NOT NULL CHECK (channel IN ('WEBHOOK', 'EMAIL')),
    level           VARCHAR(20)  NOT NULL CHECK (level IN ('STANDARD', 'SUPERVISOR')),
    status          VARCHAR(20)  NOT NULL CHECK (status IN ('PENDING', 'SENT', 'ANSWERED', 'EXPIRED', 'CANCELLED')),
    secret_hash     VARCHAR(200),
    sent_at         TIMESTAMPTZ,
    answered_at     TIMESTAMPTZ,
    decision        VARCHAR(20) CHECK (decision IN ('APPROVE', 'DENY')),
    created_at      TIMESTAMPTZ  NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0,
    UNIQUE (verification_id, contact_id)
);
CREATE INDEX confirmation_verification_idx ON confirmation (verification_id);
