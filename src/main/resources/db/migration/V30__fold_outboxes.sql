-- Contact-change notices (V7, contact_notification) and invitations (V9, invitation) had their own
-- outbox columns and workers; they now go through outbox_message (V11) like every other delivery,
-- kinds 'contact-change-notice' and 'invitation', subject_id = the business row's id (still the
-- webhook-id / Message-ID receivers deduplicate on). The business rows stay: their status, attempts
-- and last error are what the API, the contact-change applier and operators read.

-- Nothing in flight is lost: every PENDING row gets its outbox message, due when it was due, with the
-- attempts it already used (so it still stops at max-attempts).
INSERT INTO outbox_message (id, kind, subject_id, status, attempts, next_attempt_at, last_error, created_at)
SELECT gen_random_uuid(), 'contact-change-notice', id, 'PENDING', attempts, next_attempt_at, last_error, created_at
FROM contact_notification WHERE status = 'PENDING';

INSERT INTO outbox_message (id, kind, subject_id, status, attempts, next_attempt_at, last_error, created_at)
SELECT gen_random_uuid(), 'invitation', id, 'PENDING', attempts, next_attempt_at, last_error_kind, created_at
FROM invitation WHERE status = 'PENDING';

-- next_attempt_at was only the old workers' schedule; the new code neither writes nor reads it. It is
-- kept for now, nullable and emptied, rather than dropped: the Deployment rolls (old and new replicas run
-- side by side for a while), and an old replica still inserts it and drains rows where it is set. With
-- it NULL on every moved row an old worker never picks one up again (no double send), and rows the new
-- code writes are invisible to old workers too. A later migration, once no replica of the old version
-- runs, moves any row an old replica left PENDING and drops the column.
ALTER TABLE contact_notification ALTER COLUMN next_attempt_at DROP NOT NULL;
UPDATE contact_notification SET next_attempt_at = NULL;
DROP INDEX contact_notification_due_idx;

ALTER TABLE invitation ALTER COLUMN next_attempt_at DROP NOT NULL;
UPDATE invitation SET next_attempt_at = NULL;
DROP INDEX invitation_due_idx;
