-- Agencies, the domains they proved they own, and the people who administer them.
CREATE TABLE agency (
    id              UUID PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    kind            VARCHAR(40)  NOT NULL,
    country         CHAR(2)      NOT NULL,
    region          VARCHAR(100),
    status          VARCHAR(20)  NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'SUSPENDED')),
    -- The agency's Organization in the service's Keycloak realm.
    keycloak_org_id VARCHAR(64) UNIQUE,
    -- OPERATOR when an operator created it, DOTGOV_IMPORT for a candidate from the .gov registry.
    source          VARCHAR(20)  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX agency_status_idx ON agency (status);
CREATE INDEX agency_name_idx ON agency (lower(name));

CREATE TABLE agency_domain (
    id                   UUID PRIMARY KEY,
    agency_id            UUID         NOT NULL REFERENCES agency (id),
    -- Lower case, no trailing dot. A domain belongs to at most one agency.
    domain               VARCHAR(253) NOT NULL UNIQUE,
    -- DNS TXT challenge (ACME dns-01 style): published by the agency, so not a secret.
    challenge_token      VARCHAR(64),
    challenge_expires_at TIMESTAMPTZ,
    proved_at            TIMESTAMPTZ,
    last_checked_at      TIMESTAMPTZ,
    -- Set when a scheduled re-check no longer finds the record; cleared when it is found again.
    proof_lost_at        TIMESTAMPTZ,
    created_at           TIMESTAMPTZ  NOT NULL,
    version              BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX agency_domain_agency_idx ON agency_domain (agency_id);

CREATE TABLE agency_admin (
    id               UUID PRIMARY KEY,
    agency_id        UUID         NOT NULL REFERENCES agency (id),
    keycloak_user_id VARCHAR(64)  NOT NULL UNIQUE,
    email            VARCHAR(320) NOT NULL UNIQUE,
    name             VARCHAR(200) NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX agency_admin_agency_idx ON agency_admin (agency_id);
