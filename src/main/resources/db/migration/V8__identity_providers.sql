-- Agencies' own OIDC identity providers, brokered by the service's Keycloak realm and linked to the
-- agency's organization. The client secret lives in Keycloak only, never here.
CREATE TABLE agency_identity_provider (
    id         UUID PRIMARY KEY,
    agency_id  UUID          NOT NULL REFERENCES agency (id),
    -- The identity provider's alias in the realm (unique in the realm).
    alias      VARCHAR(64)   NOT NULL UNIQUE,
    -- The pinned issuer: ID tokens with another iss are refused by Keycloak.
    issuer     VARCHAR(2048) NOT NULL,
    client_id  VARCHAR(255)  NOT NULL,
    -- The agency's proved domain whose mailboxes are sent to this identity provider.
    domain     VARCHAR(253)  NOT NULL,
    sync_mode  VARCHAR(10)   NOT NULL CHECK (sync_mode IN ('IMPORT', 'FORCE', 'LEGACY')),
    created_at TIMESTAMPTZ   NOT NULL,
    version    BIGINT        NOT NULL DEFAULT 0
);
CREATE INDEX agency_identity_provider_agency_idx ON agency_identity_provider (agency_id);
