package org.agencyverify.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** PATCH and filters as clients write them, without a server. */
class UserPatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static UserDraft current() {
        UserDraft d = new UserDraft();
        d.userName = "dana@agency.test";
        d.email = "dana@agency.test";
        d.givenName = "Dana";
        d.familyName = "Officer";
        d.active = true;
        return d;
    }

    private static UserDraft patch(String operations) throws Exception {
        return UserPatch.apply(current(), JSON.readTree(ScimClients.patch(operations)));
    }

    @Test
    void entraIdsCapitalisedOpsAndStringBooleans() throws Exception {
        assertEquals(false, patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}").active);
        assertEquals(true, patch("{\"op\":\"Add\",\"path\":\"active\",\"value\":\"TRUE\"}").active);
        UserDraft d = patch("{\"op\":\"Replace\",\"path\":\"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName\",\"value\":\"Dani\"},"
                + "{\"op\":\"Remove\",\"path\":\"name.familyName\"}");
        assertEquals("Dani", d.givenName);
        assertNull(d.familyName);
        assertEquals("Dani", d.officerName("fallback"));
    }

    @Test
    void oktasOpsWithoutAPath() throws Exception {
        UserDraft d = patch("{\"op\":\"replace\",\"value\":{\"active\":false,\"name.givenName\":\"Dee\",\"displayName\":\"Dee O\"}}");
        assertEquals(false, d.active);
        assertEquals("Dee", d.givenName);
        assertEquals("Dee O", d.displayName);
    }

    @Test
    void attributesNotKeptAreIgnoredUnknownOnesRefused() throws Exception {
        UserDraft d = patch("{\"op\":\"replace\",\"path\":\"phoneNumbers[type eq \\\"work\\\"].value\",\"value\":\"1\"},"
                + "{\"op\":\"replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\",\"value\":\"x\"}");
        assertEquals("Dana", d.givenName);
        ScimException unknown = assertThrows(ScimException.class, () -> patch("{\"op\":\"replace\",\"path\":\"shoeSize\",\"value\":\"9\"}"));
        assertEquals("invalidPath", unknown.scimType());
        assertEquals("invalidSyntax", assertThrows(ScimException.class, () -> patch("{\"op\":\"copy\",\"path\":\"active\"}")).scimType());
        assertEquals("noTarget", assertThrows(ScimException.class, () -> patch("{\"op\":\"remove\"}")).scimType());
        assertEquals("invalidValue", assertThrows(ScimException.class,
                () -> patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":1}")).scimType());
    }

    @Test
    void filtersUserNameAndExternalIdEqOnly() {
        assertEquals(new UserFilter(UserFilter.Attribute.USER_NAME, "a\"b@x.test"), UserFilter.parse("userName eq \"a\\\"b@x.test\""));
        assertEquals(new UserFilter(UserFilter.Attribute.EXTERNAL_ID, "00u1"), UserFilter.parse("EXTERNALID Eq \"00u1\""));
        assertEquals(UserFilter.Attribute.USER_NAME,
                UserFilter.parse("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\"").attribute());
        for (String bad : new String[] {"userName co \"x\"", "userName eq x", "emails eq \"x\"",
                "userName eq \"x\" and externalId eq \"y\"", ""}) {
            assertEquals("invalidFilter", assertThrows(ScimException.class, () -> UserFilter.parse(bad)).scimType(), bad);
        }
    }
}
