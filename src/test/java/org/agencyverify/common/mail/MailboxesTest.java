package org.agencyverify.common.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MailboxesTest {

    @Test
    void caseAndTagsReachTheSameMailbox() {
        assertEquals("jane@y.gov", Mailboxes.key("Jane+Cases@Y.GOV"));
        assertEquals("jane@y.gov", Mailboxes.key(" jane@y.gov "));
        assertTrue(Mailboxes.same("jane+x@y.gov", "jane@y.gov"));
        assertTrue(Mailboxes.same("JANE@Y.GOV", "jane@y.gov"));
        assertTrue(Mailboxes.same("jane+a@y.gov", "Jane+b@y.gov"));
        assertTrue(Mailboxes.same("jane+@y.gov", "jane@y.gov"), "an empty tag is still a tag");
        assertTrue(Mailboxes.same("jane+a+b@y.gov", "jane@y.gov"), "the tag starts at the first +");
    }

    @Test
    void otherMailboxesStayApart() {
        assertFalse(Mailboxes.same("janet@y.gov", "jane@y.gov"));
        assertFalse(Mailboxes.same("jane@y.gov", "jane@x.y.gov"), "another domain, even a subdomain");
        assertFalse(Mailboxes.same("jane.doe@y.gov", "janedoe@y.gov"), "dots are not removed: only case and +tag");
        assertFalse(Mailboxes.same(null, "jane@y.gov"));
        assertEquals("@y.gov", Mailboxes.key("+x@y.gov"), "a local part that is all tag keeps nothing of it");
    }

    @Test
    void theLikePatternFindsEveryCandidateAndWildcardsInAddressesAreEscaped() {
        String pattern = Mailboxes.candidates("Jane+x@y.gov");
        assertEquals("jane%@y.gov", pattern);
        for (String address : new String[] {"jane@y.gov", "jane+x@y.gov", "jane+other@y.gov"}) {
            assertTrue(like(pattern, address), address);
        }
        assertFalse(like(pattern, "jane@z.gov"));
        assertEquals("a\\_b\\%c%@y.gov", Mailboxes.candidates("a_b%c@y.gov"));
        assertFalse(like(Mailboxes.candidates("a_b@y.gov"), "axb@y.gov"), "an underscore is a character, not a wildcard");
    }

    /** SQL LIKE with escape character \, as PostgreSQL reads it. */
    private static boolean like(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }
}
