-- Security Event Tokens (RFC 8417) pushed to portals (RFC 8935) when a token they hold is revoked or
-- an officer's account is disabled. One row per (event, portal); delivered through the outbox.
CREATE TABLE security_event (
    id          UUID PRIMARY KEY,
    portal_id   UUID         NOT NULL REFERENCES portal (id),
    -- CAEP session-revoked or RISC account-disabled (full event-type URIs).
    event_type  VARCHAR(200) NOT NULL,
    -- The subject identifier (SSF sub_id) as JSON, e.g. {"format":"opaque","id":"<jti>"}.
    subject     TEXT         NOT NULL,
    -- A short reason code: portal-request, officer-suspended, officer-removed, agency-suspended...
    reason      VARCHAR(60)  NOT NULL,
    jti         UUID,
    occurred_at TIMESTAMPTZ  NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX security_event_portal_idx ON security_event (portal_id, created_at);
