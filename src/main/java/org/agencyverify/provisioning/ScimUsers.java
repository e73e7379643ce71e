package org.agencyverify.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.officer.EnrollOfficerRequest;
import org.agencyverify.officer.OfficerAction;
import org.agencyverify.officer.OfficerDirectory;
import org.agencyverify.officer.OfficerEnrollment;
import org.agencyverify.officer.OfficerNames;
import org.agencyverify.officer.OfficerService;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.officer.OfficerView;
import org.agencyverify.provisioning.ScimDtos.ListResponse;
import org.agencyverify.provisioning.ScimDtos.User;

/**
 * An agency's SCIM client managing its officers, through the officer feature's own enrollment and
 * lifecycle (invitation, Keycloak, token revocation, audit): create enrolls an INVITED officer, {@code
 * active: false} suspends, {@code active: true} reinstates, delete removes. Only the agency the credential
 * names is ever read or changed; another agency's officer, and a removed one, is not found.
 */
@ApplicationScoped
public class ScimUsers {

    /** The reason kept on an officer the agency's directory deprovisioned: the directory may provision them again. */
    static final String DEPROVISIONED = "scim-deprovisioned";
    static final int MAX_RESULTS = 200;
    private static final Pattern MAILBOX = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final OfficerEnrollment enrollment;
    private final OfficerService officers;
    private final OfficerNames names;
    private final OfficerDirectory directory;
    private final AgencyDirectory agencies;
    private final ScimUserViews views;
    private final AuditLog audit;

    ScimUsers(OfficerEnrollment enrollment, OfficerService officers, OfficerNames names, OfficerDirectory directory,
            AgencyDirectory agencies, ScimUserViews views, AuditLog audit) {
        this.enrollment = enrollment;
        this.officers = officers;
        this.names = names;
        this.directory = directory;
        this.agencies = agencies;
        this.views = views;
        this.audit = audit;
    }

    @Transactional
    public User create(UUID agencyId, UserDraft draft, String usersUrl) {
        if (draft.userName == null) {
            throw ScimException.invalidValue("userName is required.");
        }
        // The officer's mailbox: the primary (or work) email, else the userName.
        String email = draft.email != null ? draft.email : draft.userName;
        if (!MAILBOX.matcher(email).matches()) {
            throw ScimException.invalidValue("The user needs an email address: emails[type eq \"work\"].value, or a userName"
                    + " that is one.");
        }
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (!agencies.isProvedDomain(agencyId, domain)) {
            throw ScimException.invalidValue("The email must be at one of the agency's proved domains; " + domain + " is not.");
        }
        if (directory.viewByEmail(agencyId, email).isPresent() || byUserName(agencyId, draft.userName).isPresent()) {
            throw new ScimException(ProblemType.CONFLICT, "uniqueness", "A user with this userName or email already exists"
                    + " in this agency (a removed officer's mailbox is not reused).");
        }
        String name = draft.officerName(email.substring(0, email.indexOf('@')));
        OfficerView officer = enrollment.enrollProvisioned(ScimCredentials.actor(agencyId), agencyId,
                new EnrollOfficerRequest(email, name, draft.badge()));
        ProvisionedUser row = new ProvisionedUser();
        row.officerId = officer.id();
        row.agencyId = agencyId;
        row.userName = draft.userName;
        copy(draft, row);
        row.persist();
        if (Boolean.FALSE.equals(draft.active)) {
            officer = officers.applyProvisioned(ScimCredentials.actor(agencyId), agencyId, officer.id(), OfficerAction.SUSPEND,
                    DEPROVISIONED).orElseThrow();
        }
        return views.user(officer, row, usersUrl);
    }

    @Transactional
    public Optional<User> find(UUID agencyId, UUID id, String usersUrl) {
        return current(agencyId, id).map(officer -> views.user(officer, row(officer.id()), usersUrl));
    }

    @Transactional
    public ListResponse<User> list(UUID agencyId, String filter, int startIndex, int count, String usersUrl) {
        int start = Math.max(1, startIndex);
        int size = Math.max(0, Math.min(count, MAX_RESULTS));
        if (filter == null || filter.isBlank()) {
            List<User> page = size == 0 ? List.of() : directory.current(agencyId, start - 1, size).stream()
                    .map(o -> views.user(o, row(o.id()), usersUrl)).toList();
            return views.list(directory.countCurrent(agencyId), start, page);
        }
        UserFilter parsed = UserFilter.parse(filter);
        List<OfficerView> matches = switch (parsed.attribute()) {
            case USER_NAME -> byUserName(agencyId, parsed.value()).stream().toList();
            case EXTERNAL_ID -> ProvisionedUser.<ProvisionedUser>list("agencyId = ?1 and externalId = ?2 order by officerId",
                    agencyId, parsed.value()).stream().flatMap(r -> directory.view(agencyId, r.officerId).stream()).toList();
        };
        List<User> found = matches.stream().filter(o -> o.status() != OfficerStatus.REVOKED)
                .map(o -> views.user(o, row(o.id()), usersUrl)).toList();
        List<User> page = found.stream().skip(start - 1L).limit(size).toList();
        return views.list(found.size(), start, page);
    }

    /** PUT: the user as the client now wants it; userName cannot change. */
    @Transactional
    public Optional<User> replace(UUID agencyId, UUID id, UserDraft wanted, String usersUrl) {
        return current(agencyId, id).map(officer -> update(agencyId, officer, wanted, usersUrl));
    }

    @Transactional
    public Optional<User> patch(UUID agencyId, UUID id, JsonNode body, String usersUrl) {
        return current(agencyId, id).map(officer -> update(agencyId, officer,
                UserPatch.apply(views.draft(officer, row(officer.id())), body), usersUrl));
    }

    /** Removes the officer for good (REVOKED: Keycloak user disabled, tokens revoked); false when not found. */
    @Transactional
    public boolean delete(UUID agencyId, UUID id) {
        return current(agencyId, id).flatMap(officer -> officers.applyProvisioned(ScimCredentials.actor(agencyId), agencyId,
                officer.id(), OfficerAction.REMOVE, null)).isPresent();
    }

    private User update(UUID agencyId, OfficerView officer, UserDraft wanted, String usersUrl) {
        if (wanted.userName == null) {
            throw ScimException.invalidValue("userName is required.");
        }
        ProvisionedUser row = row(officer.id());
        String userName = row != null ? row.userName : officer.email();
        if (!wanted.userName.equalsIgnoreCase(userName) || wanted.email != null && !wanted.email.equalsIgnoreCase(officer.email())) {
            throw ScimException.mutability("userName and the email cannot change: the officer's mailbox is who they are."
                    + " Remove the user and create one with the new mailbox.");
        }
        if (row == null) {
            row = new ProvisionedUser();
            row.officerId = officer.id();
            row.agencyId = agencyId;
            row.userName = userName;
        }
        String name = wanted.officerName(officer.name());
        OfficerView updated = officer;
        if (!name.equals(officer.name())) {
            updated = names.renameProvisioned(ScimCredentials.actor(agencyId), agencyId, officer.id(), name).orElseThrow();
        }
        if (row.updatedAt == null || changed(wanted, row)) {
            Map<String, Object> before = snapshot(row);
            copy(wanted, row);
            row.persist();
            audit.record(ScimCredentials.actor(agencyId), "scim-user.updated", "officer", officer.id().toString(),
                    Map.of("before", before, "after", snapshot(row)));
        }
        if (wanted.active != null && wanted.active != ScimUserViews.active(updated.status())) {
            updated = setActive(agencyId, updated, wanted.active);
        }
        return views.user(updated, row, usersUrl);
    }

    private OfficerView setActive(UUID agencyId, OfficerView officer, boolean active) {
        if (active && officer.statusReason() != null && !DEPROVISIONED.equals(officer.statusReason())) {
            // A rule suspended them (credential failures, a compromise report): the directory does not overrule it.
            throw new ScimException(ProblemType.CONFLICT, null, "The officer was suspended by a rule (" + officer.statusReason()
                    + "), not by the directory: an agency admin reviews and reinstates them through the API.");
        }
        return officers.applyProvisioned(ScimCredentials.actor(agencyId), agencyId, officer.id(),
                active ? OfficerAction.REINSTATE : OfficerAction.SUSPEND, active ? null : DEPROVISIONED).orElseThrow();
    }

    private Optional<OfficerView> current(UUID agencyId, UUID id) {
        return directory.view(agencyId, id).filter(o -> o.status() != OfficerStatus.REVOKED);
    }

    /** The officer whose userName this is (any case): the one a client sent, else the officer's email. */
    private Optional<OfficerView> byUserName(UUID agencyId, String userName) {
        Optional<ProvisionedUser> provisioned = ProvisionedUser.find("agencyId = ?1 and lower(userName) = ?2", agencyId,
                userName.toLowerCase(Locale.ROOT)).firstResultOptional();
        if (provisioned.isPresent()) {
            return directory.view(agencyId, provisioned.get().officerId);
        }
        // An officer enrolled through the admin API, or whose userName is their email.
        return directory.viewByEmail(agencyId, userName).filter(o -> row(o.id()) == null || row(o.id()).userName.equalsIgnoreCase(userName));
    }

    private static ProvisionedUser row(UUID officerId) {
        return ProvisionedUser.findById(officerId);
    }

    /** What the audit keeps of the directory's attributes (nulls shown, so a cleared one is seen). */
    private static Map<String, Object> snapshot(ProvisionedUser row) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("userName", row.userName);
        state.put("externalId", row.externalId);
        state.put("givenName", row.givenName);
        state.put("familyName", row.familyName);
        state.put("formatted", row.formatted);
        state.put("displayName", row.displayName);
        return state;
    }

    private static boolean changed(UserDraft wanted, ProvisionedUser row) {
        return !Objects.equals(wanted.externalId, row.externalId) || !Objects.equals(wanted.givenName, row.givenName)
                || !Objects.equals(wanted.familyName, row.familyName) || !Objects.equals(wanted.formatted, row.formatted)
                || !Objects.equals(wanted.displayName, row.displayName);
    }

    private static void copy(UserDraft draft, ProvisionedUser row) {
        row.externalId = draft.externalId;
        row.givenName = draft.givenName;
        row.familyName = draft.familyName;
        row.formatted = draft.formatted;
        row.displayName = draft.displayName;
        row.updatedAt = Instant.now();
    }
}
