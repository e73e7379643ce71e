package org.agencyverify.packaged;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The built jar (target/quarkus-app), started as in production, against the real local stack. */
@QuarkusIntegrationTest
class PackagedServiceIT {

    @Test
    void readyOnTheRealStack() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesItsContract() {
        given().accept("application/yaml").get("/q/openapi").then()
                .statusCode(200)
                .body(containsString("agency-verify API"));
    }

    @Test
    void errorsAreProblems() {
        given().get("/v1/no-such-thing").then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .header("X-Request-Id", notNullValue())
                .body("type", equalTo("urn:agency-verify:problem:not-found"));
        given().contentType(ContentType.JSON).body("{" + "\"a\":\"" + "x".repeat(70 * 1024) + "\"}").post("/v1/anything").then()
                .statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:agency-verify:problem:payload-too-large"));
    }

    @Test
    void exposesMetrics() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
