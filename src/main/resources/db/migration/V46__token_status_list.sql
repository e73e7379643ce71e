-- Token Status List (issue 14, draft-ietf-oauth-status-list): every trust token names an index in the
-- service's one status list, drawn at random so that a list says nothing of how many tokens a portal holds.

-- The index a token holds (NULL on tokens issued before the list existed).
ALTER TABLE trust_token ADD COLUMN status_idx INTEGER CHECK (status_idx >= 0);

-- Who holds each index, and until when. The primary key is what makes a random draw unique: a draw that
-- hits an index still held (held_until in the future) fails and is drawn again. An index is held until its
-- token's expiry, plus the grace during which an expired token's revocation still shows in the list, plus a
-- list's lifetime (so every list that named the old holder has expired); only then may a new token take it.
CREATE TABLE token_status_slot (
    idx        INTEGER      PRIMARY KEY CHECK (idx >= 0),
    jti        UUID         NOT NULL,
    held_until TIMESTAMPTZ  NOT NULL
);

-- One row: bumped in the transaction of every revocation, so each replica knows (polling this row) that
-- its list is out of date, and rebuilds it from trust_token.
CREATE TABLE token_status_list (
    id         SMALLINT     PRIMARY KEY CHECK (id = 1),
    version    BIGINT       NOT NULL,
    changed_at TIMESTAMPTZ  NOT NULL
);
INSERT INTO token_status_list (id, version, changed_at) VALUES (1, 0, now());
