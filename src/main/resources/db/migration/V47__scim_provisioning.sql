-- SCIM 2.0 provisioning (issue 15, item 2): each agency's directory (Entra ID, Okta) provisions its officers.

-- One bearer credential per agency, for /scim/v2 only. The secret is 32 random bytes: only its SHA-256 is kept
-- (high entropy, so no slow hash is needed); the token names the credential's id, so the row is found by id
-- and the hash compared in constant time. Creating it again replaces the row: the old secret stops at once.
CREATE TABLE scim_credential (
    agency_id    UUID         PRIMARY KEY REFERENCES agency (id),
    id           UUID         NOT NULL UNIQUE,
    secret_hash  BYTEA        NOT NULL CHECK (octet_length(secret_hash) = 32),
    created_at   TIMESTAMPTZ  NOT NULL,
    created_by   VARCHAR(200) NOT NULL,
    -- Written at most once a minute, not on every request.
    last_used_at TIMESTAMPTZ
);

-- What a SCIM client said about an officer that the officer row does not hold: its userName (Entra ID maps the
-- userPrincipalName there by default, which may differ from the mailbox), its id in the directory and the name
-- parts, so that a GET answers what was sent (clients compare, and would otherwise update forever).
CREATE TABLE scim_user (
    officer_id   UUID         PRIMARY KEY REFERENCES officer (id),
    agency_id    UUID         NOT NULL REFERENCES agency (id),
    user_name    VARCHAR(200) NOT NULL,
    external_id  VARCHAR(256),
    given_name   VARCHAR(200),
    family_name  VARCHAR(200),
    formatted    VARCHAR(200),
    display_name VARCHAR(200),
    updated_at   TIMESTAMPTZ  NOT NULL
);
-- userName is unique within the agency, whatever its case (RFC 7643: caseExact false).
CREATE UNIQUE INDEX scim_user_user_name_idx ON scim_user (agency_id, lower(user_name));
CREATE INDEX scim_user_external_id_idx ON scim_user (agency_id, external_id);
