-- The audit trail every feature writes to: append-only, each event chained to the one before it by
-- hash (the chain itself is computed by the service; the database guarantees nothing is rewritten).
CREATE TABLE audit_event (
    sequence      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at   TIMESTAMPTZ  NOT NULL,
    actor         VARCHAR(255) NOT NULL,
    action        VARCHAR(100) NOT NULL,
    subject_type  VARCHAR(50)  NOT NULL,
    subject_id    VARCHAR(255) NOT NULL,
    request_id    VARCHAR(64),
    details       JSONB        NOT NULL DEFAULT '{}'::jsonb,
    previous_hash VARCHAR(64)  NOT NULL,
    hash          VARCHAR(64)  NOT NULL UNIQUE
);

CREATE INDEX audit_event_subject_idx ON audit_event (subject_type, subject_id, sequence);
CREATE INDEX audit_event_occurred_idx ON audit_event (occurred_at);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
