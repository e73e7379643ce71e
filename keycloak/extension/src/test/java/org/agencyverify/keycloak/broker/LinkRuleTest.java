package org.agencyverify.keycloak.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agencyverify.keycloak.broker.LinkRule.Account;
import org.agencyverify.keycloak.broker.LinkRule.Organization;
import org.junit.jupiter.api.Test;

class LinkRuleTest {

    private static final Organization X = new Organization("org-x", Map.of("x.gov", true, "lost.x.gov", false));
    private static final String EMAIL = "dana@x.gov";

    private static Account officer(String email) {
        return new Account(email, true, Set.of(LinkRule.OFFICER), Set.of("org-x"), false);
    }

    private static Optional<String> first(String asserted, Account... holders) {
        return LinkRule.firstSignIn(asserted, X, List.of(holders));
    }

    @Test
    void anOfficerOrAdminOfTheOrganizationAtAVerifiedDomainIsLinked() {
        assertEquals(Optional.empty(), first(EMAIL, officer(EMAIL)));
        assertEquals(Optional.empty(), first(EMAIL, new Account(EMAIL, true, Set.of(LinkRule.AGENCY_ADMIN), Set.of("org-x"), false)));
        assertEquals(Optional.empty(), first("Dana@X.GOV", officer("dana@x.gov")), "the address compares without case");
    }

    @Test
    void theIdentityProviderMustBelongToAnOrganization() {
        assertEquals(Optional.of("provider-without-organization"), LinkRule.firstSignIn(EMAIL, null, List.of(officer(EMAIL))));
    }

    @Test
    void theEmailMustBeAWellFormedAddressAtAVerifiedDomainOfTheOrganization() {
        for (String bad : new String[] {null, "", "dana", "@x.gov", "dana@", "a@b@x.gov", "dana @x.gov", "dana@x.gov "}) {
            assertEquals(Optional.of("email-missing"), first(bad, officer(EMAIL)), String.valueOf(bad));
        }
        assertEquals(Optional.of("email-domain-not-verified"), first("dana@lost.x.gov", officer("dana@lost.x.gov")),
                "listed, but not verified (its proof was lost)");
        assertEquals(Optional.of("email-domain-not-verified"), first("ops@operators.example", officer("ops@operators.example")));
        assertEquals(Optional.of("email-domain-not-verified"), first("dana@sub.x.gov", officer("dana@sub.x.gov")), "no subdomains");
    }

    @Test
    void onlyAnExistingAccountWithExactlyThatEmailIsLinked() {
        assertEquals(Optional.of("no-account"), first(EMAIL));
        assertEquals(Optional.of("email-ambiguous"), first(EMAIL, officer(EMAIL), officer(EMAIL)));
        assertEquals(Optional.of("email-mismatch"), first(EMAIL, officer("dana+x@x.gov")));
        assertEquals(Optional.of("email-mismatch"), first(EMAIL, officer(null)));
    }

    @Test
    void disabledAccountsAreNeverLinked() {
        assertEquals(Optional.of("account-disabled"), first(EMAIL, new Account(EMAIL, false, Set.of(LinkRule.OFFICER), Set.of("org-x"), false)));
    }

    @Test
    void operatorsAndContactsAreNeverLinkedWhateverElseTheyHold() {
        assertEquals(Optional.of("privileged-role"),
                first(EMAIL, new Account(EMAIL, true, Set.of(LinkRule.OFFICER, LinkRule.OPERATOR), Set.of("org-x"), false)));
        assertEquals(Optional.of("privileged-role"),
                first(EMAIL, new Account(EMAIL, true, Set.of(LinkRule.AGENCY_ADMIN, LinkRule.CONTACT), Set.of("org-x"), false)));
        assertEquals(Optional.of("not-officer-or-admin"), first(EMAIL, new Account(EMAIL, true, Set.of(), Set.of("org-x"), false)));
    }

    @Test
    void theAccountMustBeAMemberOfTheProvidersOrganizationOnly() {
        assertEquals(Optional.of("not-member"), first(EMAIL, new Account(EMAIL, true, Set.of(LinkRule.OFFICER), Set.of("org-y"), false)));
        assertEquals(Optional.of("not-member"), first(EMAIL, new Account(EMAIL, true, Set.of(LinkRule.OFFICER), Set.of(), false)));
        assertEquals(Optional.of("member-of-other-organization"),
                first(EMAIL, new Account(EMAIL, true, Set.of(LinkRule.OFFICER), Set.of("org-x", "org-y"), false)));
    }

    @Test
    void anAccountAlreadyLinkedToThisProviderIsNotLinkedToASecondUpstreamAccount() {
        assertEquals(Optional.of("already-linked"), first(EMAIL, new Account(EMAIL, true, Set.of(LinkRule.OFFICER), Set.of("org-x"), true)));
    }

    @Test
    void aLaterSignInPassesTheSameRule() {
        assertEquals(Optional.empty(), LinkRule.laterSignIn(EMAIL, X, new Account(EMAIL, true, Set.of(LinkRule.OFFICER), Set.of("org-x"), true)));
        assertEquals(Optional.of("privileged-role"), LinkRule.laterSignIn(EMAIL, X,
                new Account(EMAIL, true, Set.of(LinkRule.OPERATOR), Set.of("org-x"), true)), "a link made before the rule");
        assertEquals(Optional.of("email-domain-not-verified"), LinkRule.laterSignIn("dana@lost.x.gov", X,
                new Account("dana@lost.x.gov", true, Set.of(LinkRule.OFFICER), Set.of("org-x"), true)));
        assertEquals(Optional.of("email-mismatch"), LinkRule.laterSignIn("other@x.gov", X, officer(EMAIL)),
                "the IdP now asserts another mailbox for the linked account");
    }
}
