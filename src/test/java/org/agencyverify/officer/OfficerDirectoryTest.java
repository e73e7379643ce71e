package org.agencyverify.officer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.junit.jupiter.api.Test;

/** The query the contact feature uses to refuse an officer's mailbox as a contact's email. */
@QuarkusTest
class OfficerDirectoryTest {

    @Inject
    OfficerDirectory directory;

    @Inject
    EnrolledAgencies agencies;

    @Test
    void knowsEnrolledMailboxesInAnyCaseAndAnyStatus() {
        TestAgency agency = agencies.active();
        UUID officer = OfficerFixtures.enrolled(agency);
        String email = OfficerFixtures.row(officer).email;
        assertTrue(QuarkusTransaction.requiringNew().call(() -> directory.isOfficerMailbox(email)));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> directory.isOfficerMailbox(" " + email.toUpperCase() + " ")));
        OfficerFixtures.remove(agency, officer);
        assertTrue(QuarkusTransaction.requiringNew().call(() -> directory.isOfficerMailbox(email)), "revoked officers' mailboxes too");
        assertFalse(QuarkusTransaction.requiringNew().call(() -> directory.isOfficerMailbox(agency.email("nobody"))));
        assertFalse(directory.isOfficerMailbox(null));
        assertFalse(directory.isOfficerMailbox(" "));
    }
}
