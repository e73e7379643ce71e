package org.agencyverify.provisioning;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.officer.OfficerView;
import org.agencyverify.provisioning.ScimDtos.Email;
import org.agencyverify.provisioning.ScimDtos.ListResponse;
import org.agencyverify.provisioning.ScimDtos.Meta;
import org.agencyverify.provisioning.ScimDtos.Name;
import org.agencyverify.provisioning.ScimDtos.User;

/**
 * An officer as a SCIM User: the officer's own facts (id, mailbox, status, times), with the name parts and
 * external id the client sent when there are some. Officers enrolled through the admin API have none: their
 * name is split at its last space, as their Keycloak user's is.
 */
@ApplicationScoped
class ScimUserViews {

    User user(OfficerView officer, ProvisionedUser row, String usersUrl) {
        UserDraft d = draft(officer, row);
        Instant modified = row != null && row.updatedAt.isAfter(officer.updatedAt()) ? row.updatedAt : officer.updatedAt();
        return new User(List.of(ScimDtos.USER_SCHEMA), officer.id().toString(), d.externalId, d.userName,
                new Name(d.formatted, d.familyName, d.givenName), d.displayName,
                List.of(new Email(officer.email(), "work", true)), active(officer.status()),
                new Meta("User", officer.createdAt(), modified, usersUrl + officer.id()));
    }

    /** The user's current state, as a PATCH starts from it. */
    UserDraft draft(OfficerView officer, ProvisionedUser row) {
        UserDraft d = new UserDraft();
        d.userName = row != null ? row.userName : officer.email();
        d.email = officer.email();
        d.active = active(officer.status());
        if (row != null) {
            d.externalId = row.externalId;
            d.givenName = row.givenName;
            d.familyName = row.familyName;
            d.formatted = row.formatted;
            d.displayName = row.displayName;
        }
        if (d.givenName == null && d.familyName == null && d.formatted == null) {
            String name = officer.name();
            int space = name.lastIndexOf(' ');
            // No formatted name: a patched given or family name then renames the officer.
            d.givenName = space > 0 ? name.substring(0, space) : name;
            d.familyName = space > 0 ? name.substring(space + 1) : null;
        }
        if (d.displayName == null) {
            d.displayName = officer.name();
        }
        return d;
    }

    ListResponse<User> list(long total, int startIndex, List<User> page) {
        return new ListResponse<>(List.of(ScimDtos.LIST_SCHEMA), total, startIndex, page.size(), page);
    }

    /** INVITED and ACTIVE officers may sign in; SUSPENDED ones are the directory's inactive users. */
    static boolean active(OfficerStatus status) {
        return status == OfficerStatus.INVITED || status == OfficerStatus.ACTIVE;
    }
}
