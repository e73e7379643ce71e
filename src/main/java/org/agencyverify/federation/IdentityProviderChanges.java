package org.agencyverify.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.agencyverify.common.crypto.StoredSecrets;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.security.Caller;
import org.agencyverify.contact.change.ChangeKind;
import org.agencyverify.contact.change.ChangeProposals;
import org.agencyverify.contact.change.ChangeSubject;
import org.agencyverify.contact.change.ContactChange;
import org.agencyverify.contact.change.PendingChange;
import org.agencyverify.contact.change.ContactChangeViews.Proposed;

/**
 * Linking and unlinking an agency's IdP are pending changes like contact changes: one operator proposes,
 * the agency's contacts are told, and it applies after the cool-down or on a second operator's
 * approval, through {@link FederationService}'s own link and unlink. A link change keeps every setting
 * of the request (payload, JSON) except the client secret, which waits sealed under the key-encryption
 * key, bound to the change, and is dropped once the change applies or is cancelled.
 */
@ApplicationScoped
public class IdentityProviderChanges implements ChangeKind {

    private final FederationService federation;
    private final ChangeProposals proposals;
    private final StoredSecrets secrets;
    private final ObjectMapper json;

    IdentityProviderChanges(FederationService federation, ChangeProposals proposals, StoredSecrets secrets, ObjectMapper json) {
        this.federation = federation;
        this.proposals = proposals;
        this.secrets = secrets;
        this.json = json;
    }

    /** Checks the request as linking will, then proposes it; nothing is linked yet. */
    @Transactional
    public Proposed proposeLink(Caller caller, UUID agencyId, LinkIdentityProviderRequest request) {
        federation.prepare(agencyId, request);
        ObjectNode settings = json.valueToTree(request);
        settings.remove("clientSecret");
        return new Proposed(proposals.propose(caller, agencyId, ContactChange.Action.LINK_IDENTITY_PROVIDER, request.alias(),
                settings.toString(), id -> secrets.seal(request.clientSecret(), secretContext(id)),
                Map.of("alias", request.alias(), "identityProvider", json.convertValue(settings, Map.class))), null);
    }

    /** Proposes unlinking the agency's IdP; empty when the agency has none by that alias. */
    @Transactional
    public Optional<Proposed> proposeUnlink(Caller caller, UUID agencyId, String alias) {
        return FederationService.idp(agencyId, alias).map(idp -> {
            Map<String, Object> linked = FederationService.snapshot(idp);
            return new Proposed(proposals.propose(caller, agencyId, ContactChange.Action.UNLINK_IDENTITY_PROVIDER, alias,
                    json.valueToTree(linked).toString(), null, Map.of("alias", alias, "identityProvider", linked)), null);
        });
    }

    @Override
    public Set<ContactChange.Action> actions() {
        return Set.of(ContactChange.Action.LINK_IDENTITY_PROVIDER, ContactChange.Action.UNLINK_IDENTITY_PROVIDER);
    }

    @Override
    public Optional<Map<String, Object>> apply(PendingChange change, Actor actor, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", change.action().name());
        details.put("alias", change.idpAlias());
        if (change.action() == ContactChange.Action.UNLINK_IDENTITY_PROVIDER) {
            return federation.unlink(actor, change.agencyId(), change.idpAlias()) ? Optional.of(details) : Optional.empty();
        }
        ObjectNode request = settings(change);
        request.put("clientSecret", secrets.open(change.sealedSecret(), secretContext(change.id())));
        try {
            IdentityProviderView linked = federation.link(actor, change.agencyId(), json.treeToValue(request, LinkIdentityProviderRequest.class));
            details.put("issuer", linked.issuer());
            details.put("domain", linked.domain());
            return Optional.of(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored link request of change " + change.id() + " no longer reads", e);
        }
    }

    @Override
    public void cancelled(PendingChange change, Actor actor, Instant now) {
        // Nothing was linked or unlinked; the sealed secret is dropped with the change.
    }

    @Override
    public ChangeSubject subject(PendingChange change) {
        ObjectNode settings = settings(change);
        Map<String, Object> data = new LinkedHashMap<>();
        for (String key : new String[] {"alias", "issuer", "clientId", "domain"}) {
            if (settings.hasNonNull(key)) {
                data.put(key, settings.get(key).asText());
            }
        }
        String domain = settings.hasNonNull("domain") ? settings.get("domain").asText() : "the agency's first proved domain";
        return new ChangeSubject("identity provider \"%s\"".formatted(change.idpAlias()), "Issuer",
                settings.path("issuer").asText() + " (officers with mailboxes at " + domain + " sign in there)", "identityProvider", data);
    }

    private ObjectNode settings(PendingChange change) {
        try {
            return (ObjectNode) json.readTree(change.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings of change " + change.id() + " are not JSON", e);
        }
    }

    /** Binds a sealed secret to its change row: it opens only there. */
    static String secretContext(UUID changeId) {
        return "contact_change:" + changeId + ":idp-client-secret";
    }
}
