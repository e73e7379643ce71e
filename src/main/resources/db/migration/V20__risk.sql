-- Risk and abuse resistance (issue 6, items 2-5).

-- Named findings of the risk policy on a verification; the portal sees the names, the audit log the
-- evidence too (kept here as well, for the requester's reputation and for review).
CREATE TABLE risk_finding (
    id              UUID PRIMARY KEY,
    verification_id UUID         NOT NULL REFERENCES verification (id),
    officer_id      UUID REFERENCES officer (id),
    name            VARCHAR(60)  NOT NULL,
    evidence        JSONB        NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX risk_finding_verification_idx ON risk_finding (verification_id);
CREATE INDEX risk_finding_officer_idx ON risk_finding (officer_id, created_at);

-- The network the verification was started from (IPv4 /24, IPv6 /48: the prefix, never the full
-- address) and the risk decision taken on it; the outcome a portal reported for the token it got.
ALTER TABLE verification ADD COLUMN source_network VARCHAR(64);
ALTER TABLE verification ADD COLUMN risk_decision VARCHAR(30)
    CHECK (risk_decision IN ('ALLOW', 'MORE_CONFIRMATION', 'DENY', 'SUSPEND_OFFICER'));
ALTER TABLE verification ADD COLUMN portal_outcome VARCHAR(20) CHECK (portal_outcome IN ('ACCEPTED', 'REFUSED'));
ALTER TABLE verification ADD COLUMN portal_outcome_reason VARCHAR(500);
ALTER TABLE verification ADD COLUMN portal_outcome_at TIMESTAMPTZ;
CREATE INDEX verification_officer_idx ON verification (officer_id, created_at);

-- Consecutive failed credential checks (NIST SP 800-63B: at most 100 before the account is disabled),
-- reset by a passed check; and why an officer was last suspended or removed.
ALTER TABLE officer ADD COLUMN consecutive_credential_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE officer ADD COLUMN status_reason VARCHAR(200);

-- An agency admin or a contact reported an officer's account compromised.
CREATE TABLE compromise_report (
    id           UUID PRIMARY KEY,
    agency_id    UUID          NOT NULL REFERENCES agency (id),
    officer_id   UUID          NOT NULL REFERENCES officer (id),
    -- Kept apart from the officer row: the finding follows the mailbox if it is enrolled again.
    officer_email VARCHAR(320) NOT NULL,
    reported_by  VARCHAR(200)  NOT NULL,
    reason       VARCHAR(500),
    created_at   TIMESTAMPTZ   NOT NULL
);
CREATE INDEX compromise_report_agency_idx ON compromise_report (agency_id, created_at);
CREATE INDEX compromise_report_email_idx ON compromise_report (officer_email, created_at);

-- A notice to one of the agency's ACTIVE contacts that an officer was suspended or revoked by the
-- risk rules or a compromise report; delivered through the outbox (kind risk.agency-notice).
CREATE TABLE risk_notice (
    id          UUID PRIMARY KEY,
    agency_id   UUID          NOT NULL REFERENCES agency (id),
    contact_id  UUID          NOT NULL REFERENCES agency_contact (id),
    officer_id  UUID          NOT NULL REFERENCES officer (id),
    event       VARCHAR(40)   NOT NULL CHECK (event IN ('officer.suspended', 'officer.revoked')),
    reason      VARCHAR(200)  NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL
);
