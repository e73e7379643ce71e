package org.agencyverify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.change.ContactChange;
import org.agencyverify.federation.AgencyIdentityProvider;
import org.agencyverify.federation.AgencyIdpRealm;
import org.agencyverify.provisioning.ScimCredential;
import org.agencyverify.provisioning.ScimCredentials;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The directory page in real Chromium: an agency admin sees the linked identity providers (no link
 * form: operators link) and creates, rotates and revokes the SCIM credential, its secret shown on the
 * answer to the POST only; an operator proposes a link and an unlink (pending changes). Forged forms and
 * another agency's page change nothing.
 */
@QuarkusTest
class ConsoleDirectoryTest {

    @Inject
    EnrolledAgencies agencies;

    @Inject
    AgencyFixtures agencyFixtures;

    @Inject
    TestIdentities identities;

    @Inject
    ScimCredentials credentials;

    @Inject
    AgencyVerifyConfig config;

    private final OneTimeCodes codes = new OneTimeCodes();

    @Test
    void anAgencyAdminSeesTheLinkedProvidersAndGetsTheScimSecretOnce() {
        TestAgency agency = agencies.active();
        TestAgency other = agencies.active();
        String alias = linkedProvider(agency);
        String page = "/console/agencies/" + agency.id() + "/directory";
        codes.setUp(agency.admin().totpSecret());
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(agency.admin(), codes)) {
            browser.open(page);
            assertEquals("Directory of Test agency " + agency.domain().substring(0, 13), browser.heading());
            assertTrue(browser.driver().findElement(By.id("provider-" + alias)).getText().contains("https://idp." + agency.domain()));
            assertTrue(browser.driver().findElements(By.id("link")).isEmpty(), "operators link, not agency admins");
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();

            // Forged or missing tokens, and the operators' forms: nothing made or proposed.
            String valid = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            browser.post(page + "/scim-credential", "csrf", valid + "x");
            assertEquals("This form cannot be used", browser.heading());
            browser.open(page);
            browser.post(page + "/scim-credential");
            assertEquals("This form cannot be used", browser.heading());
            browser.open(page);
            browser.post(page + "/identity-providers/" + alias + "/unlink", "csrf", valid);
            assertEquals("Not yours to see", browser.heading());
            assertFalse(hasCredential(agency.id()));

            browser.open(page);
            browser.submit(By.id("scim-create"));
            String first = browser.driver().findElement(By.id("scim-secret")).getText();
            assertEquals(Optional.of(agency.id()), credentials.authenticate(first), "the secret shown is the agency's");
            // The configured public URL (what the agency's IT reaches behind a proxy), not the address this browser used.
            assertEquals(config.baseUrl() + "/scim/v2", browser.driver().findElement(By.id("scim-url")).getText());
            assertFalse(ConsoleBrowser.base().startsWith(config.baseUrl()), "the test tells the two apart");
            browser.assertAccessible();
            browser.open(page);
            assertFalse(browser.driver().getPageSource().contains(first), "shown once, never again");
            assertTrue(browser.driver().findElement(By.id("scim-status")).getText().startsWith("A SCIM credential exists"));

            browser.submit(By.id("scim-create"));
            String second = browser.driver().findElement(By.id("scim-secret")).getText();
            assertEquals(Optional.of(agency.id()), credentials.authenticate(second));
            assertEquals(Optional.empty(), credentials.authenticate(first), "rotating stops the old secret at once");
            assertEquals(1, QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                    "action = 'scim-credential.rotated' and subjectId = ?1", agency.id().toString())));

            // Another agency: neither shown nor changed, even with this page's own token.
            browser.open("/console/agencies/" + other.id() + "/directory");
            assertEquals("Not yours to see", browser.heading());
            browser.open(page);
            browser.post("/console/agencies/" + other.id() + "/directory/scim-credential", "csrf", valid);
            assertEquals("This form cannot be used", browser.heading());

            browser.open(page);
            browser.submit(By.id("scim-revoke"));
            assertTrue(browser.driver().findElement(By.id("done")).getText().startsWith("SCIM credential revoked"));
            assertEquals(Optional.empty(), credentials.authenticate(second));
        }
        assertFalse(hasCredential(other.id()));
    }

    @Test
    void anOperatorProposesALinkAndAnUnlink() {
        TestAgency agency = agencies.active();
        agencyFixtures.addActiveContact(agency.id(), AgencyContact.Level.STANDARD);
        String linked = linkedProvider(agency);
        String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        String page = "/console/agencies/" + agency.id() + "/directory";
        TestUser operator = identities.user(Roles.OPERATOR);
        codes.setUp(operator.totpSecret());
        try (AgencyIdpRealm idp = new AgencyIdpRealm(config.keycloak().url(), alias, agency.email("dana"));
                ConsoleBrowser browser = new ConsoleBrowser().signIn(operator, codes)) {
            browser.open(page);
            String valid = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            browser.post(page + "/identity-providers", "csrf", valid.substring(1) + "A", "alias", alias, "issuer", idp.issuer(),
                    "clientId", idp.clientId, "clientSecret", idp.clientSecret);
            assertEquals("This form cannot be used", browser.heading());
            assertEquals(0, changes(agency));

            browser.open(page);
            browser.driver().findElement(By.id("idp-alias")).sendKeys(alias);
            browser.driver().findElement(By.id("idp-issuer")).sendKeys(idp.issuer());
            browser.driver().findElement(By.id("idp-client")).sendKeys(idp.clientId);
            browser.driver().findElement(By.id("idp-secret")).sendKeys(idp.clientSecret);
            browser.driver().findElement(By.id("idp-acr")).sendKeys("phr, mfa");
            browser.submit(By.id("link"));
            assertTrue(browser.driver().findElement(By.id("done")).getText().startsWith("Link proposed"), browser.main());
            ContactChange link = QuarkusTransaction.requiringNew().call(() -> ContactChange.<ContactChange>find("agencyId = ?1 and action = ?2",
                    agency.id(), ContactChange.Action.LINK_IDENTITY_PROVIDER).firstResult());
            assertEquals(alias, link.idpAlias);
            assertEquals(ContactChange.Status.PENDING, link.status);
            assertTrue(link.payload.contains("\"phr\"") && link.payload.contains("\"mfa\""), link.payload);
            assertFalse(link.payload.contains(idp.clientSecret), "the client secret is kept sealed only");
            browser.assertAccessible();

            browser.submit(By.id("unlink-" + linked));
            assertTrue(browser.driver().findElement(By.id("done")).getText().startsWith("Unlink proposed"), browser.main());
            assertEquals(2, changes(agency));
            assertEquals(1, QuarkusTransaction.requiringNew().call(() -> AgencyIdentityProvider.count("alias", linked)),
                    "still linked until the change applies");
        }
    }

    /** A linked identity provider as the federation feature stores it (the page only reads it; nothing in Keycloak). */
    private static String linkedProvider(TestAgency agency) {
        String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            AgencyIdentityProvider idp = new AgencyIdentityProvider();
            idp.id = UUID.randomUUID();
            idp.agencyId = agency.id();
            idp.alias = alias;
            idp.issuer = "https://idp." + agency.domain() + "/realms/officers";
            idp.clientId = "agency-verify";
            idp.domain = agency.domain();
            idp.syncMode = "IMPORT";
            idp.acceptedAcr = "phr";
            idp.createdAt = Instant.now();
            idp.persist();
        });
        return alias;
    }

    private static boolean hasCredential(UUID agencyId) {
        return QuarkusTransaction.requiringNew().call(() -> ScimCredential.count("agencyId", agencyId)) > 0;
    }

    private static long changes(TestAgency agency) {
        return QuarkusTransaction.requiringNew().call(() -> ContactChange.count("agencyId", agency.id()));
    }
}
