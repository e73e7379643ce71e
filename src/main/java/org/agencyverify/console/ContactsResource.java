package org.agencyverify.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDtos.AgencyView;
import org.agencyverify.agency.AgencyService;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactService;
import org.agencyverify.contact.ContactViews.ChannelInput;
import org.agencyverify.contact.ContactViews.ContactList;
import org.agencyverify.contact.ContactViews.RegisterContact;
import org.agencyverify.contact.change.ChangeDecisions;
import org.agencyverify.contact.change.ContactChange;
import org.agencyverify.contact.change.ContactChangeService;
import org.agencyverify.contact.change.ContactChangeViews.ChangeList;
import org.agencyverify.contact.change.ContactChangeViews.ProposeChange;
import org.agencyverify.common.ratelimit.AdminApi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * An agency's contacts (never a secret), its pending changes (contacts and identity providers) with the
 * time each applies by itself (the cool-down, once every contact was notified), and for the agency's
 * admins the proposals of the API: add a contact reached by email and sign-in or by webhook, or remove
 * an active one; for operators, approve or cancel a pending change ({@link ChangeDecisions}). Through
 * {@link ContactService} and {@link ContactChangeService}, like the API. A webhook contact proposed
 * without the agency's public key gets an HMAC secret, which is on the page answering that POST only.
 */
@AdminApi
@Path("/console/agencies/{agencyId}/contacts")
@Produces(MediaType.TEXT_HTML)
public class ContactsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(AgencyView agency, ContactList contacts, ChangeList changes, boolean mayPropose,
                String csrf, boolean proposed, String webhookSecret, boolean operator, String me, String decided);
    }

    static final Map<String, String> DECIDED = Map.of(
            "approve", "Change approved: it applied at once.",
            "cancel", "Change cancelled: nothing of it takes effect.");

    private final ConsoleSession session;
    private final AgencyService agencies;
    private final ContactService contacts;
    private final ContactChangeService changes;
    private final ChangeDecisions decisions;
    private final Validator validator;

    ContactsResource(ConsoleSession session, AgencyService agencies, ContactService contacts, ContactChangeService changes,
            ChangeDecisions decisions, Validator validator) {
        this.session = session;
        this.agencies = agencies;
        this.contacts = contacts;
        this.changes = changes;
        this.decisions = decisions;
        this.validator = validator;
    }

    @GET
    @Operation(hidden = true)
    public Response list(@PathParam("agencyId") String agencyId, @QueryParam("done") String done) {
        Optional<Response> refused = session.refusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        if (id.isEmpty()) {
            return ConsolePages.forbidden();
        }
        return render(id.get(), "proposed".equals(done), null, done == null ? null : DECIDED.get(done));
    }

    private Response render(UUID id, boolean proposed, String webhookSecret, String decided) {
        Caller caller = session.caller();
        AgencyView agency = agencies.get(caller, id);
        return ConsolePages.html(200, Templates.list(agency, contacts.list(caller, id), decisions.list(caller, id),
                caller.has(Roles.AGENCY_ADMIN) && !caller.has(Roles.OPERATOR), session.csrf(id.toString()), proposed, webhookSecret,
                session.isOperator(), caller.actor().toString(), decided));
    }

    /**
     * Operators only, as in the API: a second operator approves an operator's pending change (it applies
     * at once), or any operator cancels a pending change. The service refuses the proposer and an agency
     * admin's proposal in its own words.
     */
    @POST
    @Path("changes/{changeId}/{decision:approve|cancel}")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("agencyId") String agencyId, @PathParam("changeId") String changeId,
            @PathParam("decision") String decision, @FormParam("csrf") String csrf) {
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        Optional<Response> refused = session.agencyFormRefusal(id, csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!session.isOperator()) {
            return ConsolePages.forbidden();
        }
        Optional<UUID> change = ConsoleIds.uuid(changeId);
        boolean found = change.isPresent() && ("approve".equals(decision) ? decisions.approve(session.caller(), id.get(), change.get())
                : decisions.cancel(session.caller(), id.get(), change.get())).isPresent();
        if (!found) {
            return ConsolePages.notFound();
        }
        return ConsolePages.seeOther(UriBuilder.fromPath("/console/agencies/{agency}/contacts").queryParam("done", decision)
                .build(id.get()));
    }

    @POST
    @Path("proposals")
    @Operation(hidden = true)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response propose(@PathParam("agencyId") String agencyId, @FormParam("csrf") String csrf, @FormParam("action") String action,
            @FormParam("name") String name, @FormParam("role") String role, @FormParam("level") String level,
            @FormParam("email") String email, @FormParam("url") String url, @FormParam("publicKey") String publicKey,
            @FormParam("contactId") String contactId) {
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        Optional<Response> refused = session.agencyFormRefusal(id, csrf);
        if (refused.isPresent()) {
            return refused.get();
        }
        Caller caller = session.caller();
        if (!caller.has(Roles.AGENCY_ADMIN) || caller.has(Roles.OPERATOR)) {
            // As in the API: agency admins propose here; operators register contacts through the API.
            return ConsolePages.forbidden();
        }
        ProposeChange request;
        if ("REMOVE".equals(action)) {
            Optional<UUID> contact = ConsoleIds.uuid(contactId);
            if (contact.isEmpty()) {
                return ConsolePages.notFound();
            }
            request = new ProposeChange(ContactChange.Action.REMOVE, null, contact.get());
        } else if ("ADD".equals(action) || "ADD_WEBHOOK".equals(action)) {
            AgencyContact.Level chosen = "SUPERVISOR".equals(level) ? AgencyContact.Level.SUPERVISOR : AgencyContact.Level.STANDARD;
            ChannelInput channel = "ADD".equals(action) ? new ChannelInput(AgencyContact.Channel.EMAIL, null, null, email)
                    : new ChannelInput(AgencyContact.Channel.WEBHOOK, ConsoleForms.optional(url), ConsoleForms.optional(publicKey), null);
            RegisterContact contact = new RegisterContact(name, role, chosen, channel);
            Optional<Response> invalid = ConsoleForms.invalid(validator, contact, "The contact was not proposed");
            if (invalid.isPresent()) {
                return invalid.get();
            }
            request = new ProposeChange(ContactChange.Action.ADD, contact, null);
        } else {
            return ConsolePages.problem(400, "Nothing was changed", "Choose to add or to remove a contact.");
        }
        String secret = changes.propose(caller, id.get(), request).webhookSecret();
        if (secret != null) {
            // Shown once, as the API answers it: this page is its only copy (never stored in the clear).
            return render(id.get(), true, secret, null);
        }
        return ConsolePages.seeOther(UriBuilder.fromPath("/console/agencies/{agency}/contacts").queryParam("done", "proposed")
                .build(id.get()));
    }

    @ServerExceptionMapper
    public Response failed(Throwable e) {
        return ConsolePages.failure("Console contacts page", e);
    }
}
