package org.agencyverify.keycloak.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamSignInTest {

    private static UpstreamSignIn of(Object authTime, Object acr, Object amr) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("auth_time", authTime);
        claims.put("acr", acr);
        claims.put("amr", amr);
        return UpstreamSignIn.of(claims);
    }

    @Test
    void theIdTokensFactsBecomeNotes() {
        UpstreamSignIn signIn = of(1796578639L, "urn:agency:mfa", List.of("pwd", "hwk"));
        assertEquals(Map.of("idp_auth_time", "1796578639", "idp_acr", "urn:agency:mfa", "idp_amr", "[\"pwd\",\"hwk\"]"), signIn.notes());
        assertEquals("1796578639", of(1796578639, null, null).authTime(), "an int");
        assertEquals("1796578639", of("1796578639", null, null).authTime(), "digits in a string");
        assertEquals("[\"otp\"]", of(null, null, "otp").amr(), "a single method as a string");
    }

    @Test
    void whatTheIdentityProviderDidNotSendIsWrittenEmpty() {
        UpstreamSignIn none = UpstreamSignIn.of(Map.of());
        assertEquals(Map.of("idp_auth_time", "", "idp_acr", "", "idp_amr", "[]"), none.notes());
    }

    @Test
    void malformedValuesAreDropped() {
        assertEquals("", of(-5, null, null).authTime());
        assertEquals("", of(0, null, null).authTime());
        assertEquals("", of(12.5, null, null).authTime());
        assertEquals("", of("soon", null, null).authTime());
        assertEquals("", of(List.of(1), null, null).authTime());
        assertEquals("", of(null, "a b", null).acr(), "no spaces");
        assertEquals("", of(null, "x\"y", null).acr(), "no quotes");
        assertEquals("", of(null, "x".repeat(257), null).acr());
        assertEquals("", of(null, 3, null).acr());
        assertEquals("[\"pwd\"]", of(null, null, List.of("pwd", "pwd", "a\"],\"hwk", 7, "x".repeat(65))).amr(),
                "duplicates, injections, numbers and long values go");
    }

    @Test
    void atMostTwentyMethodsAreKept() {
        List<String> many = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "m" + i).toList();
        assertEquals(20, of(null, null, many).amr().split(",").length);
    }
}
