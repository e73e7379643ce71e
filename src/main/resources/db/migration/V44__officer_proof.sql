-- An emailed request whose sender's address is an ACTIVE officer's (issue 12): the officer proves it is
-- their request by signing in on the service's page before the agency's contacts are asked.
-- NULL: not asked of an officer (a sender nobody enrolled, or a REST verification).
ALTER TABLE verification ADD COLUMN officer_proof VARCHAR(12) CHECK (officer_proof IN ('PENDING', 'CONFIRMED'));
