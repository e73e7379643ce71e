-- Trust tokens (issue 5): the service's ES256 signing keys and every token it signed.

-- Signing keys. NEXT is published in the JWKS before it signs anything; rotation makes it ACTIVE and
-- retires the old ACTIVE key, which stays published until every token it signed has expired
-- (publish_until), then is REMOVED. The private key is sealed (AES-256-GCM) under the key-encryption
-- key from the environment; it never leaves the service unencrypted.
CREATE TABLE signing_key (
    kid                VARCHAR(64)  PRIMARY KEY,
    algorithm          VARCHAR(10)  NOT NULL CHECK (algorithm = 'ES256'),
    -- The public JWK (RFC 7517) as JSON.
    public_jwk         TEXT         NOT NULL,
    private_key_sealed TEXT         NOT NULL,
    status             VARCHAR(20)  NOT NULL CHECK (status IN ('NEXT', 'ACTIVE', 'RETIRED', 'REMOVED')),
    created_at         TIMESTAMPTZ  NOT NULL,
    activated_at       TIMESTAMPTZ,
    retired_at         TIMESTAMPTZ,
    publish_until      TIMESTAMPTZ,
    version            BIGINT       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX signing_key_one_active_idx ON signing_key (status) WHERE status = 'ACTIVE';
CREATE UNIQUE INDEX signing_key_one_next_idx ON signing_key (status) WHERE status = 'NEXT';

-- One token per verification, at most. The token itself is kept sealed so the starting portal can
-- collect it again while it lives; token_hash (sha-256 hex of the compact JWT) is what introspection
-- and revocation look up.
CREATE TABLE trust_token (
    jti             UUID PRIMARY KEY,
    verification_id UUID         NOT NULL UNIQUE REFERENCES verification (id),
    officer_id      UUID         NOT NULL REFERENCES officer (id),
    agency_id       UUID         NOT NULL REFERENCES agency (id),
    portal_id       UUID         NOT NULL REFERENCES portal (id),
    audience        VARCHAR(200) NOT NULL,
    kid             VARCHAR(64)  NOT NULL REFERENCES signing_key (kid),
    token_hash      CHAR(64)     NOT NULL UNIQUE,
    token_sealed    TEXT         NOT NULL,
    -- What introspection answers (RFC 7662 members), as JSON: kept so the Redis index can be rebuilt.
    introspection   TEXT         NOT NULL,
    cnf_jkt         VARCHAR(64),
    issued_at       TIMESTAMPTZ  NOT NULL,
    not_before      TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ  NOT NULL,
    revoked_at      TIMESTAMPTZ,
    -- A short code: portal-request, officer-suspended, officer-removed, agency-suspended, key-removed...
    revoked_reason  VARCHAR(60),
    version         BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX trust_token_live_idx ON trust_token (expires_at);
CREATE INDEX trust_token_officer_idx ON trust_token (officer_id, expires_at);
CREATE INDEX trust_token_agency_idx ON trust_token (agency_id, expires_at);

-- RFC 9449: the thumbprint of the requester's DPoP key, when it presented a proof at the start.
ALTER TABLE verification ADD COLUMN dpop_jkt VARCHAR(64);
