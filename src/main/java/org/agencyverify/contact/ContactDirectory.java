package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.agencyverify.agency.AgencyContacts;

/** What other features may ask about contacts without seeing them (agency activation: has it an ACTIVE one?). */
@ApplicationScoped
public class ContactDirectory implements AgencyContacts {

    @Override
    public long countActive(UUID agencyId) {
        return AgencyContact.countActive(agencyId);
    }
}
