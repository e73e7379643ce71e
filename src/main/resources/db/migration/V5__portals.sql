-- Portals: the relying parties that call the verify API (a confidential Keycloak client each,
-- client credentials only) and receive trust tokens for their audience. The client secret is
-- Keycloak's and is never stored here.
CREATE TABLE portal (
    id                   UUID PRIMARY KEY,
    name                 VARCHAR(200)  NOT NULL,
    -- The aud of trust tokens issued for this portal: a URI or a slug.
    audience             VARCHAR(200)  NOT NULL UNIQUE,
    keycloak_client_id   VARCHAR(255)  NOT NULL UNIQUE,
    keycloak_client_uuid VARCHAR(64)   NOT NULL,
    -- Where revocation events (RFC 8417 SETs) are pushed; optional.
    event_endpoint       VARCHAR(2048),
    status               VARCHAR(20)   NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    created_at           TIMESTAMPTZ   NOT NULL,
    updated_at           TIMESTAMPTZ   NOT NULL,
    version              BIGINT        NOT NULL DEFAULT 0
);
CREATE INDEX portal_created_idx ON portal (created_at, id);
