-- Audit queries by agency, officer and portal. Features write these ids where they fit the event:
-- at the top of details ("agencyId": ...), inside the before/after snapshots of the changed row, or
-- as the event's own subject. Each function names the one place to look, so the query and its index
-- use the very same expression (IMMUTABLE: they read only their arguments). Events that name none of
-- these ids (e.g. confirmation.*, which name a verificationId) are found by subject instead.
CREATE FUNCTION audit_event_agency_id(subject_type VARCHAR, subject_id VARCHAR, details JSONB) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(details ->> 'agencyId', details -> 'after' ->> 'agencyId', details -> 'before' ->> 'agencyId',
                    CASE WHEN subject_type = 'agency' THEN subject_id END)
$$;

CREATE FUNCTION audit_event_officer_id(subject_type VARCHAR, subject_id VARCHAR, details JSONB) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(details ->> 'officerId', CASE WHEN subject_type = 'officer' THEN subject_id END)
$$;

CREATE FUNCTION audit_event_portal_id(subject_type VARCHAR, subject_id VARCHAR, details JSONB) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(details ->> 'portalId', CASE WHEN subject_type = 'portal' THEN subject_id END)
$$;

-- With sequence second, each index serves "this agency's events, newest first, after cursor X" as one
-- range scan. Partial: most events concern no officer or portal.
CREATE INDEX audit_event_agency_idx ON audit_event (audit_event_agency_id(subject_type, subject_id, details), sequence)
    WHERE audit_event_agency_id(subject_type, subject_id, details) IS NOT NULL;
CREATE INDEX audit_event_officer_idx ON audit_event (audit_event_officer_id(subject_type, subject_id, details), sequence)
    WHERE audit_event_officer_id(subject_type, subject_id, details) IS NOT NULL;
CREATE INDEX audit_event_portal_idx ON audit_event (audit_event_portal_id(subject_type, subject_id, details), sequence)
    WHERE audit_event_portal_id(subject_type, subject_id, details) IS NOT NULL;
CREATE INDEX audit_event_action_idx ON audit_event (action, sequence);
-- V1's subject index leads with subject_type; a query by subject id alone needs its own.
CREATE INDEX audit_event_subject_id_idx ON audit_event (subject_id, sequence);
