package org.agencyverify.common.request;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.agencyverify.common.error.Problem;
import org.junit.jupiter.api.Test;

/**
 * Authentication failures are handled as Quarkus REST handles them, and counted in the HTTP metrics under
 * their path template, although the template is no longer looked up on every request
 * ({@link AuthFailureHandlerFilter}). A handler of another class sends these requests to a 500.
 */
@QuarkusTest
class AuthFailureHandlerFilterTest {

    @Test
    void quarkusRestsOwnHandlerIsTheOneInstalled() {
        Object handler = AuthFailureHandlerFilter.restHandler();
        assertNotNull(handler, "Quarkus REST's handler class is where this Quarkus version keeps it");
        assertEquals(AuthFailureHandlerFilter.REST_HANDLER_CLASS, handler.getClass().getName());
    }

    @Test
    void aRefusedRequestIsAProblemAndCountedUnderItsPathTemplate() {
        String id = UUID.randomUUID().toString();
        given().header("Authorization", "Bearer not-a-token").get("/v1/verifications/" + id).then()
                .statusCode(401).contentType(Problem.MEDIA_TYPE).body("status", equalTo(401));
        given().get("/v1/verifications/" + id).then().statusCode(401).contentType(Problem.MEDIA_TYPE);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("http_server_requests_seconds_count")
                && line.contains("uri=\"/v1/verifications/{id}\"") && line.contains("status=\"401\"")), metrics);
        assertFalse(metrics.contains(id), "a raw path in the metrics would be a time series per id");
    }
}
