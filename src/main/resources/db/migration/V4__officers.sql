-- Officers an agency enrolled: each is a Keycloak user, member of the agency's organization.
CREATE TABLE officer (
    id               UUID PRIMARY KEY,
    agency_id        UUID         NOT NULL REFERENCES agency (id),
    -- Lower case. One officer per mailbox across all agencies, whatever its status (a revoked
    -- officer's mailbox is not reused silently).
    email            VARCHAR(320) NOT NULL UNIQUE,
    name             VARCHAR(200) NOT NULL,
    badge_number     VARCHAR(64)  NOT NULL,
    keycloak_user_id VARCHAR(64)  NOT NULL UNIQUE,
    status           VARCHAR(20)  NOT NULL CHECK (status IN ('INVITED', 'ACTIVE', 'SUSPENDED', 'REVOKED')),
    -- Set when the officer first became ACTIVE; a reinstated officer returns to ACTIVE only if set.
    activated_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    version          BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT officer_email_lower CHECK (email = lower(email)),
    CONSTRAINT officer_badge_per_agency UNIQUE (agency_id, badge_number)
);
CREATE INDEX officer_agency_status_idx ON officer (agency_id, status);
