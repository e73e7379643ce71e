package org.agencyverify.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health and metrics on the real local stack (PostgreSQL, Redis, Keycloak from scripts/stack.sh). */
@QuarkusTest
class HealthTest {

    @Test
    void liveness() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void startup() {
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessReportsEveryServerTheServiceNeeds() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(HealthNames.POSTGRESQL, HealthNames.REDIS, HealthNames.KEYCLOAK))
                .body("checks.findAll { it.status == 'UP' }.name",
                        hasItems(HealthNames.POSTGRESQL, HealthNames.REDIS, HealthNames.KEYCLOAK));
    }

    @Test
    void prometheusMetrics() {
        // One request of the API itself: Quarkus keeps its own /q/ endpoints out of the HTTP metrics.
        given().get("/v1/nothing-here").then().statusCode(404);
        given().get("/q/metrics").then()
                .statusCode(200)
                .contentType(anyOf(containsString("text/plain"), containsString("openmetrics-text")))
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("jvm_memory_used_bytes"));
    }
}
