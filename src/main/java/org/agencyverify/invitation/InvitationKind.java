package org.agencyverify.invitation;

/** Who is invited: the person's row lives in the officer, agency_admin or agency_contact table. */
public enum InvitationKind { OFFICER, AGENCY_ADMIN, CONTACT }
