package org.agencyverify.contact;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.core.Response;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.agency.AgencyAdmin;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.support.TestIdentities;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;

/** Agencies persisted directly (the agency API is built elsewhere), their admins, and contact bodies. */
final class ContactTestData {

    private ContactTestData() {}

    static UUID agency() {
        return agency(null);
    }

    static UUID agency(String keycloakOrgId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Agency agency = new Agency();
            agency.id = UUID.randomUUID();
            agency.name = "Test PD " + agency.id.toString().substring(0, 6);
            agency.kind = "CITY";
            agency.country = "US";
            agency.status = AgencyStatus.ACTIVE;
            agency.keycloakOrgId = keycloakOrgId;
            agency.source = "OPERATOR";
            agency.createdAt = Instant.now();
            agency.updatedAt = agency.createdAt;
            agency.persist();
            return agency.id;
        });
    }

    /** A real Keycloak organization, for an agency that has one. */
    static String organization(TestIdentities identities) {
        String alias = "org-" + UUID.randomUUID().toString().substring(0, 8);
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setName(alias);
        org.setAlias(alias);
        OrganizationDomainRepresentation domain = new OrganizationDomainRepresentation();
        domain.setName(alias + ".example.gov");
        org.addDomain(domain);
        try (Response response = identities.realm().organizations().create(org)) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("organization not created: HTTP " + response.getStatus());
            }
            String path = response.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** Makes the Keycloak user an admin of the agency. */
    static void admin(UUID agencyId, TestIdentities.TestUser user) {
        QuarkusTransaction.requiringNew().run(() -> {
            AgencyAdmin admin = new AgencyAdmin();
            admin.id = UUID.randomUUID();
            admin.agencyId = agencyId;
            admin.keycloakUserId = user.id();
            admin.email = user.email();
            admin.name = "Admin";
            admin.createdAt = Instant.now();
            admin.persist();
        });
    }

    static String email() {
        return "contact-" + UUID.randomUUID().toString().substring(0, 10) + "@contacts.test";
    }

    static Map<String, Object> emailContact(String email) {
        return Map.of("name", "Dana Records", "role", "records custodian", "level", "STANDARD",
                "channel", Map.of("type", "EMAIL", "email", email));
    }

    static Map<String, Object> webhookContact(String url) {
        return Map.of("name", "Agency system", "role", "records system", "level", "SUPERVISOR",
                "channel", Map.of("type", "WEBHOOK", "url", url));
    }

    static Map<String, Object> webhookContact(String url, String publicKey) {
        return Map.of("name", "Agency system", "role", "records system", "level", "SUPERVISOR",
                "channel", Map.of("type", "WEBHOOK", "url", url, "publicKey", publicKey));
    }

    static String hookUrl() {
        return "http://127.0.0.1:9/hooks/" + UUID.randomUUID();
    }

    /** A fresh Ed25519 public key, as base64 of the raw 32 bytes. */
    static String ed25519PublicKey() {
        try {
            byte[] spki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
            return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
