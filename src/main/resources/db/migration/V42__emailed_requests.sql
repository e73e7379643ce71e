-- Requests that arrived by email (issue 12): a portal starts them through CIBA with the sender's address
-- and no credentials. The agency's contact confirms the sender; nobody authenticated them, which the
-- credential kind NONE records and the token's acr says.
ALTER TABLE verification DROP CONSTRAINT verification_credential_kind_check;
ALTER TABLE verification ADD CONSTRAINT verification_credential_kind_check
    CHECK (credential_kind IN ('PASSWORD_OTP', 'TOKEN', 'NONE'));
ALTER TABLE verification ADD COLUMN origin VARCHAR(10) NOT NULL DEFAULT 'API' CHECK (origin IN ('API', 'CIBA'));
-- SHA-256 (hex) of the CIBA auth_req_id: the id itself is a bearer of the request and is never stored.
ALTER TABLE verification ADD COLUMN ciba_request_hash CHAR(64) UNIQUE;
-- A portal's binding_message is the request's code: up to 64 characters.
ALTER TABLE verification ALTER COLUMN binding_code TYPE VARCHAR(64);
-- A token vouching for a confirmed sender who is not an enrolled officer belongs to no officer.
ALTER TABLE trust_token ALTER COLUMN officer_id DROP NOT NULL;
-- The address a token vouches for, so that a revocation can name it without an officer row.
ALTER TABLE trust_token ADD COLUMN email VARCHAR(320);
