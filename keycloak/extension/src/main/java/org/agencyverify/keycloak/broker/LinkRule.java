package org.agencyverify.keycloak.broker;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who a sign-in through an agency's identity provider may become. The agency's IdP speaks only for
 * the accounts agency-verify enrolled at that agency: an existing, enabled officer or agency admin
 * of the IdP's own organization (and of no other), whose email is exactly the one asserted, at a
 * domain the organization lists as verified (the service adds only domains it proved by DNS). Never
 * an operator or a contact, never a new account. Plain Java: Keycloak's models are read by
 * {@link AgencyLinkAuthenticator}, the decision is made here.
 */
public final class LinkRule {

    public static final String OFFICER = "officer";
    public static final String AGENCY_ADMIN = "agency-admin";
    public static final String OPERATOR = "operator";
    public static final String CONTACT = "contact";

    /** The IdP's organization as Keycloak holds it: its id and its domains (lower case) with their verified flag. */
    public record Organization(String id, Map<String, Boolean> domains) {
        public Organization {
            domains = Map.copyOf(domains);
        }
    }

    /**
     * An account holding the asserted email.
     *
     * @param realmRoles            the effective realm roles among {@link #OFFICER}, {@link #AGENCY_ADMIN},
     *                              {@link #OPERATOR} and {@link #CONTACT}
     * @param organizationIds       every organization the account is a member of
     * @param linkedToThisProvider  whether the account already has a link to this IdP (another upstream account)
     */
    public record Account(String email, boolean enabled, Set<String> realmRoles, Set<String> organizationIds,
            boolean linkedToThisProvider) {
        public Account {
            realmRoles = Set.copyOf(realmRoles);
            organizationIds = Set.copyOf(organizationIds);
        }
    }

    private LinkRule() {}

    /**
     * The first sign-in of an upstream account: the reason it may not be linked to any of the accounts
     * holding the asserted email, or empty when it may be linked to the only one.
     */
    public static Optional<String> firstSignIn(String assertedEmail, Organization organization, List<Account> holders) {
        Optional<String> refusal = provider(assertedEmail, organization);
        if (refusal.isPresent()) {
            return refusal;
        }
        if (holders.isEmpty()) {
            return Optional.of("no-account");
        }
        if (holders.size() > 1) {
            return Optional.of("email-ambiguous");
        }
        Account account = holders.get(0);
        refusal = account(assertedEmail, organization, account);
        if (refusal.isEmpty() && account.linkedToThisProvider()) {
            // Another upstream account of the same IdP already signs in as this one.
            return Optional.of("already-linked");
        }
        return refusal;
    }

    /**
     * A later sign-in of an upstream account already linked to {@code linked}: the same rule, so that
     * a link made before the rule (or an account that changed since) gives no session either.
     */
    public static Optional<String> laterSignIn(String assertedEmail, Organization organization, Account linked) {
        return provider(assertedEmail, organization).or(() -> account(assertedEmail, organization, linked));
    }

    private static Optional<String> provider(String assertedEmail, Organization organization) {
        if (organization == null) {
            return Optional.of("provider-without-organization");
        }
        String domain = domainOf(assertedEmail);
        if (domain == null) {
            return Optional.of("email-missing");
        }
        if (!Boolean.TRUE.equals(organization.domains().get(domain))) {
            return Optional.of("email-domain-not-verified");
        }
        return Optional.empty();
    }

    private static Optional<String> account(String assertedEmail, Organization organization, Account account) {
        if (account.email() == null || !normalize(account.email()).equals(normalize(assertedEmail))) {
            return Optional.of("email-mismatch");
        }
        if (!account.enabled()) {
            return Optional.of("account-disabled");
        }
        if (account.realmRoles().contains(OPERATOR) || account.realmRoles().contains(CONTACT)) {
            return Optional.of("privileged-role");
        }
        if (!account.realmRoles().contains(OFFICER) && !account.realmRoles().contains(AGENCY_ADMIN)) {
            return Optional.of("not-officer-or-admin");
        }
        if (!account.organizationIds().contains(organization.id())) {
            return Optional.of("not-member");
        }
        if (account.organizationIds().size() > 1) {
            return Optional.of("member-of-other-organization");
        }
        return Optional.empty();
    }

    /** The lower-case domain of a well-formed address (one @, something on each side, no spaces), else null. */
    static String domainOf(String email) {
        if (email == null || email.isEmpty() || email.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        int at = email.indexOf('@');
        if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1) {
            return null;
        }
        return email.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static String normalize(String email) {
        return email.toLowerCase(Locale.ROOT);
    }
}
