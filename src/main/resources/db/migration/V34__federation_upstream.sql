-- The acr values an agency's IdP was linked with: a federated officer token counts only when the
-- agency's own sign-in (idp_acr) is one of them. Space-separated (the values have no spaces); empty
-- for an IdP linked before: its tokens are refused until it is linked again with the values.
ALTER TABLE agency_identity_provider ADD COLUMN accepted_acr VARCHAR(5200) NOT NULL DEFAULT '';

-- How far the service has copied Keycloak's stored events into its audit chain: the time (epoch
-- milliseconds) of the last event read, and the ids read at exactly that time (events of the same
-- millisecond are told apart by id). One row per kind of event read; replicas take it FOR UPDATE.
CREATE TABLE keycloak_event_cursor (
    name       VARCHAR(64) PRIMARY KEY,
    last_time  BIGINT      NOT NULL,
    last_ids   TEXT        NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL
);
