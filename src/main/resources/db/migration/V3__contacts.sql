-- The people (or systems) an agency registered to confirm requests out of band. Registered by an
-- operator; changes proposed by agency admins wait out a cool-down (status PENDING, effective_at).
CREATE TABLE agency_contact (
    id                    UUID PRIMARY KEY,
    agency_id             UUID         NOT NULL REFERENCES agency (id),
    name                  VARCHAR(200) NOT NULL,
    -- What the person is, e.g. "records custodian", "watch commander".
    role                  VARCHAR(100) NOT NULL,
    level                 VARCHAR(20)  NOT NULL CHECK (level IN ('STANDARD', 'SUPERVISOR')),
    channel               VARCHAR(20)  NOT NULL CHECK (channel IN ('WEBHOOK', 'EMAIL')),
    -- WEBHOOK: the agency system's endpoint and how its signed answers are checked.
    webhook_url           VARCHAR(2048),
    signature_scheme      VARCHAR(20) CHECK (signature_scheme IN ('ED25519', 'HMAC_SHA256')),
    -- Ed25519 public key of the agency (base64 of the raw 32 bytes).
    agency_public_key     VARCHAR(100),
    -- HMAC secret, encrypted under the service's key-encryption key; shown once at registration.
    hmac_secret_encrypted VARCHAR(500),
    -- EMAIL: where notifications go, and the Keycloak user who signs in to approve.
    email                 VARCHAR(320),
    keycloak_user_id      VARCHAR(64),
    status                VARCHAR(20)  NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'REMOVED')),
    -- For PENDING: when the cool-down ends and the contact may become ACTIVE.
    effective_at          TIMESTAMPTZ,
    created_at            TIMESTAMPTZ  NOT NULL,
    updated_at            TIMESTAMPTZ  NOT NULL,
    version               BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT webhook_contact_complete CHECK (channel <> 'WEBHOOK' OR (webhook_url IS NOT NULL AND signature_scheme IS NOT NULL)),
    CONSTRAINT email_contact_complete CHECK (channel <> 'EMAIL' OR email IS NOT NULL)
);
CREATE INDEX agency_contact_agency_idx ON agency_contact (agency_id, status);
