-- Audit sequence numbers without gaps. The identity column skipped a number for every append that
-- rolled back (and some after a crash), so a gap could not be told apart from a removed event. From
-- here on the service numbers each event itself, last + 1 under the chain lock, in the appending
-- transaction: a rollback returns its number. Gaps left before this migration are the identity's;
-- the boundary is kept here, fixed, so the chain check refuses any gap after it.
ALTER TABLE audit_event ALTER COLUMN sequence DROP IDENTITY;

CREATE TABLE audit_numbering (
    gapless_after BIGINT NOT NULL
);
INSERT INTO audit_numbering (gapless_after) SELECT COALESCE(MAX(sequence), 0) FROM audit_event;

CREATE FUNCTION audit_numbering_is_fixed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_numbering is fixed: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_numbering_no_change
    BEFORE INSERT OR UPDATE OR DELETE ON audit_numbering
    FOR EACH ROW EXECUTE FUNCTION audit_numbering_is_fixed();

CREATE TRIGGER audit_numbering_no_truncate
    BEFORE TRUNCATE ON audit_numbering
    FOR EACH STATEMENT EXECUTE FUNCTION audit_numbering_is_fixed();
