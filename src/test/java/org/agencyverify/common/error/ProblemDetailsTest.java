package org.agencyverify.common.error;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.agencyverify.support.TestLog;

/** Every error the service returns is an RFC 9457 problem with a stable type and no internals. */
@QuarkusTest
class ProblemDetailsTest {

    private static final String PROBE = "/test-support/probe";

    @Test
    void unknownPathIsNotFoundProblem() {
        assertProblem(given().get("/v1/no-such-thing"), 404, ProblemType.NOT_FOUND)
                .body("instance", equalTo("/v1/no-such-thing"));
    }

    @Test
    void unknownPathOutsideApiIsNotFoundProblem() {
        assertProblem(given().get("/q/no-such-thing"), 404, ProblemType.NOT_FOUND);
        assertProblem(given().get("/"), 404, ProblemType.NOT_FOUND);
    }

    @Test
    void wrongMethodOnResourceIsMethodNotAllowedProblem() {
        assertProblem(given().delete(PROBE + "/refused"), 405, ProblemType.METHOD_NOT_ALLOWED);
    }

    @Test
    void wrongMethodOnHealthIsMethodNotAllowedProblem() {
        assertProblem(given().delete("/q/health/ready"), 405, ProblemType.METHOD_NOT_ALLOWED)
                .header("Allow", "GET, HEAD");
        assertProblem(given().post("/q/metrics"), 405, ProblemType.METHOD_NOT_ALLOWED);
    }

    @Test
    void nonJsonBodyIsUnsupportedMediaTypeProblem() {
        assertProblem(given().contentType(ContentType.TEXT).body("name=x").post(PROBE), 415, ProblemType.UNSUPPORTED_MEDIA_TYPE);
    }

    /** Introspection takes a form (RFC 7662): its 415 must not tell the caller to send JSON. */
    @Test
    void aJsonBodyToIntrospectionIsTold415WithTheFormItTakes() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"token\":\"x\"}").post("/v1/tokens/introspect"), 415,
                ProblemType.UNSUPPORTED_MEDIA_TYPE)
                .body("detail", containsString("application/x-www-form-urlencoded"))
                .body("detail", not(containsString("application/json")));
    }

    /** The import takes the registry's CSV: its 415 names that, not JSON. */
    @Test
    void aJsonBodyToTheImportIsTold415WithTheCsvItTakes() {
        assertProblem(given().contentType(ContentType.JSON).body("{}").post("/v1/agencies/import"), 415,
                ProblemType.UNSUPPORTED_MEDIA_TYPE)
                .body("detail", containsString("text/csv"))
                .body("detail", not(containsString("application/json")));
    }

    @Test
    void unacceptableAcceptHeaderIsNotAcceptableProblem() {
        assertProblem(given().accept("text/html").get(PROBE + "/refused"), 406, ProblemType.NOT_ACCEPTABLE);
    }

    @Test
    void brokenJsonIsMalformedRequestProblem() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"name\": ").post(PROBE), 400, ProblemType.MALFORMED_REQUEST)
                .body("detail", not(containsString("Unexpected")))
                .body("detail", not(containsString("jackson")));
    }

    @Test
    void wrongFieldTypeIsMalformedRequestNamingTheField() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"name\":\"a\",\"count\":\"many\"}").post(PROBE),
                        400, ProblemType.MALFORMED_REQUEST)
                .body("errors.field", hasItem("count"))
                .body("detail", containsString("count"));
    }

    @Test
    void invalidFieldsAreInvalidRequestNamingEachField() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"name\":\" \",\"count\":11,\"tag\":\"A!\"}").post(PROBE),
                        400, ProblemType.INVALID_REQUEST)
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("count"))
                .body("errors.field", hasItem("tag"))
                .body("detail", containsString("name"));
    }

    @Test
    void invalidQueryParameterIsNamed() {
        assertProblem(given().queryParam("page", -1).get(PROBE + "/query"), 400, ProblemType.INVALID_REQUEST)
                .body("errors.field", hasItem("page"));
    }

    @Test
    void validRequestStillWorks() {
        given().contentType(ContentType.JSON).body("{\"name\":\"a\",\"count\":2,\"tag\":\"ok\"}").post(PROBE)
                .then().statusCode(200).contentType(ContentType.JSON).body("name", equalTo("a"));
    }

    @Test
    void oversizedBodyIsPayloadTooLargeProblem() {
        String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\",\"count\":1}";
        assertProblem(given().contentType(ContentType.JSON).body(big).post(PROBE), 413, ProblemType.PAYLOAD_TOO_LARGE);
    }

    @Test
    void oversizedChunkedBodyIsRefused() throws Exception {
        // No Content-Length: Quarkus stops reading at the limit, answers 413 and closes the connection
        // while the client is still sending, so the client may see only the closed connection. What
        // matters is that the body never reaches the resource.
        byte[] big = ("{\"name\":\"" + "x".repeat(70 * 1024) + "\",\"count\":1}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + PROBE))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        try {
            int status = java.net.http.HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            org.junit.jupiter.api.Assertions.assertEquals(413, status);
        } catch (java.io.IOException refusedMidBody) {
            // the server closed the connection on the oversized body: refused, as required
        }
    }

    @Test
    void refusalKeepsItsOwnTypeAndDetail() {
        assertProblem(given().get(PROBE + "/refused"), 409, ProblemType.CONFLICT)
                .body("detail", equalTo("The probe is already in that state."));
    }

    @Test
    void unexpectedErrorLeaksNothing() {
        String body = assertProblem(given().get(PROBE + "/bug"), 500, ProblemType.INTERNAL_ERROR)
                .extract().asString();
        for (String leak : new String[] {"IllegalState", "Exception", "org.secret", "hunter2", "5432", "at "}) {
            org.junit.jupiter.api.Assertions.assertFalse(body.contains(leak), () -> "500 body leaks '" + leak + "': " + body);
        }
    }

    @Test
    void logLinesOfARequestCarryItsRequestId() throws Exception {
        String requestId = "log-check-" + System.nanoTime();
        given().header("X-Request-Id", requestId).get(PROBE + "/bug").then().statusCode(500);
        java.nio.file.Path log = TestLog.file();
        boolean found = java.nio.file.Files.readAllLines(log).stream()
                .anyMatch(line -> line.contains("Unhandled error") && line.contains("[req=" + requestId + "]"));
        org.junit.jupiter.api.Assertions.assertTrue(found, "no log line of the failed request carries req=" + requestId);
    }

    @Test
    void unreachableDependencyIsServiceUnavailableNotInternalError() {
        assertProblem(given().get(PROBE + "/unavailable"), 503, ProblemType.SERVICE_UNAVAILABLE)
                .header("Retry-After", notNullValue())
                .body("detail", not(containsString("redis.internal")));
    }

    private static ValidatableResponse assertProblem(io.restassured.response.Response response, int status, ProblemType type) {
        String requestId = response.header("X-Request-Id");
        return response.then()
                .statusCode(status)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .header("X-Request-Id", notNullValue())
                .body("type", equalTo(type.uri()))
                .body("title", equalTo(type.title()))
                .body("status", equalTo(status))
                .body("detail", notNullValue())
                .body("requestId", equalTo(requestId));
    }
}
