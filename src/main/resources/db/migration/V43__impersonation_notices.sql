-- A denial helps the agency (issue 12, item 5). When an agency's contact (or a compromise report) denies a
-- request that arrived by email, the sender's address is probably being impersonated. Every such denial is
-- kept here, and the agency's ACTIVE contacts get one notice per sender and UTC day, queued at the first
-- denial and written when it is sent, summarizing that sender's denials of the day so far.

-- One row per (agency, sender, UTC day) with a denial: its insert (ON CONFLICT DO NOTHING) decides which
-- denial is the first, also between two transactions denying at once.
CREATE TABLE impersonation_report (
    agency_id       UUID         NOT NULL REFERENCES agency (id),
    -- The address the emailed request named (lower-cased), never proved to be its sender.
    sender          VARCHAR(320) NOT NULL,
    day             DATE         NOT NULL,
    first_denied_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (agency_id, sender, day)
);

-- Each denied emailed request, with what the notice names: the portal that asked, the purpose, the case
-- reference (the portal's text) and the document's digest.
CREATE TABLE impersonation_denial (
    verification_id UUID         PRIMARY KEY REFERENCES verification (id),
    agency_id       UUID         NOT NULL,
    sender          VARCHAR(320) NOT NULL,
    day             DATE         NOT NULL,
    portal_id       UUID         NOT NULL REFERENCES portal (id),
    purpose         VARCHAR(30)  NOT NULL,
    case_reference  VARCHAR(200) NOT NULL,
    document_digest CHAR(64),
    denied_at       TIMESTAMPTZ  NOT NULL,
    FOREIGN KEY (agency_id, sender, day) REFERENCES impersonation_report (agency_id, sender, day)
);
CREATE INDEX impersonation_denial_report_idx ON impersonation_denial (agency_id, sender, day, denied_at);

-- One notice per (report, contact ACTIVE at the first denial), delivered through outbox_message (kind
-- 'impersonation-notice', subject_id = this id, which is also the webhook-id / Message-ID receivers
-- deduplicate on). CANCELLED: the contact was removed before it went out.
CREATE TABLE impersonation_notice (
    id               UUID         PRIMARY KEY,
    agency_id        UUID         NOT NULL,
    sender           VARCHAR(320) NOT NULL,
    day              DATE         NOT NULL,
    contact_id       UUID         NOT NULL REFERENCES agency_contact (id),
    status           VARCHAR(20)  NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')),
    attempts         INT          NOT NULL DEFAULT 0,
    -- A short reason code of the last failed attempt (never a response body or a secret).
    last_error       VARCHAR(200),
    -- How many denials the notice listed when it was sent.
    denials_reported INT,
    delivered_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL,
    version          BIGINT       NOT NULL DEFAULT 0,
    FOREIGN KEY (agency_id, sender, day) REFERENCES impersonation_report (agency_id, sender, day),
    UNIQUE (agency_id, sender, day, contact_id)
);
CREATE INDEX impersonation_notice_contact_idx ON impersonation_notice (contact_id) WHERE status = 'PENDING';
