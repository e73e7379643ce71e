-- Operators' changes go through the same pending changes as agency admins' proposals (V7): a contact
-- registered or removed, an identity provider linked or unlinked by an operator waits out the cool-down
-- with notices to the agency's ACTIVE contacts, unless a second operator (another Keycloak subject than
-- the proposer) approves it, which applies it at once. One operator alone never changes who confirms
-- for an agency, or how its officers sign in.
ALTER TABLE contact_change DROP CONSTRAINT contact_change_action_check;
ALTER TABLE contact_change ALTER COLUMN action TYPE VARCHAR(30);
ALTER TABLE contact_change ADD CONSTRAINT contact_change_action_check
    CHECK (action IN ('ADD', 'REMOVE', 'LINK_IDENTITY_PROVIDER', 'UNLINK_IDENTITY_PROVIDER'));
-- Contact changes name a contact; identity-provider changes name an alias instead.
ALTER TABLE contact_change ALTER COLUMN contact_id DROP NOT NULL;
ALTER TABLE contact_change ADD COLUMN idp_alias VARCHAR(64);
ALTER TABLE contact_change ADD CONSTRAINT contact_change_subject_check CHECK (
    (action IN ('ADD', 'REMOVE') AND contact_id IS NOT NULL AND idp_alias IS NULL)
    OR (action IN ('LINK_IDENTITY_PROVIDER', 'UNLINK_IDENTITY_PROVIDER') AND contact_id IS NULL AND idp_alias IS NOT NULL));
-- At most one pending change per alias (an alias is unique in the realm).
CREATE UNIQUE INDEX contact_change_one_pending_idp_idx ON contact_change (idp_alias) WHERE status = 'PENDING';
-- What an identity-provider change links or unlinks: the link's settings as requested, never a secret.
ALTER TABLE contact_change ADD COLUMN payload JSONB;
-- The IdP's client secret, sealed (AES-256-GCM under the key-encryption key, bound to this row's id)
-- until the change applies or is cancelled; then set to NULL. Keycloak keeps it from then on.
ALTER TABLE contact_change ADD COLUMN idp_client_secret_sealed TEXT;
-- A second operator's approval ("operator:<subject>"), which applied the change at once.
ALTER TABLE contact_change ADD COLUMN approved_by VARCHAR(200);
ALTER TABLE contact_change ADD COLUMN approved_at TIMESTAMPTZ;
