package org.agencyverify.common.request;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RequestIdTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void everyResponseGetsARequestId() {
        given().get("/q/health/live").then().statusCode(200).header(RequestId.HEADER, matchesPattern(UUID));
    }

    @Test
    void requestIdsDiffer() {
        String first = given().get("/q/health/live").header(RequestId.HEADER);
        String second = given().get("/q/health/live").header(RequestId.HEADER);
        assertNotEquals(first, second);
    }

    @Test
    void callersCorrelationIdIsKeptWhenSafe() {
        given().header(RequestId.HEADER, "portal-7f3a.req:42").get("/v1/nothing")
                .then().statusCode(404)
                .header(RequestId.HEADER, equalTo("portal-7f3a.req:42"))
                .body("requestId", equalTo("portal-7f3a.req:42"));
    }

    @Test
    void unsafeCallerIdsAreReplaced() {
        given().header(RequestId.HEADER, "x\" injected=1 {").get("/q/health/live")
                .then().header(RequestId.HEADER, matchesPattern(UUID));
        given().header(RequestId.HEADER, "a".repeat(65)).get("/q/health/live")
                .then().header(RequestId.HEADER, matchesPattern(UUID));
    }

    @Test
    void acceptOrGenerateRules() {
        assertEquals("abcdefgh", RequestId.acceptOrGenerate("abcdefgh"));
        assertNotEquals("short", RequestId.acceptOrGenerate("short"));
        assertNotEquals("line\nbreak-1234", RequestId.acceptOrGenerate("line\nbreak-1234"));
    }
}
