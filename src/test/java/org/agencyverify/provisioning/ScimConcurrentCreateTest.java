package org.agencyverify.provisioning;

import static org.agencyverify.provisioning.ScimClients.credential;
import static org.agencyverify.provisioning.ScimClients.entraUser;
import static org.agencyverify.provisioning.ScimClients.scim;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.agencyverify.officer.Officer;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.junit.jupiter.api.Test;

/**
 * A directory that sends the same user twice at once (Entra ID retries a create it timed out on): both
 * pass the "no such userName yet" check, and the database's unique index decides. The loser must hear
 * 409 uniqueness, as a sequential duplicate does, never a 500, and nothing of it may remain.
 */
@QuarkusTest
class ScimConcurrentCreateTest {

    private static final int AT_ONCE = 6;

    @Inject
    EnrolledAgencies agencies;

    @Test
    void theSameUserNameCreatedAtOnceGivesOneOfficerAndConflictsForTheRest() throws Exception {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        // One userName (a UPN, as Entra ID maps it), a different mailbox each: Keycloak's own uniqueness of
        // email does not decide, only the userName index does.
        String userName = "upn-" + UUID.randomUUID().toString().substring(0, 8) + "@" + agency.domain();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            String email = agency.email("race" + i + "." + UUID.randomUUID().toString().substring(0, 6));
            bodies.add(entraUser(email, UUID.randomUUID().toString()).replace("\"userName\":\"" + email + "\"",
                    "\"userName\":\"" + userName + "\""));
        }

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (String body : bodies) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return scim(secret).body(body).post("/scim/v2/Users");
                }));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new TreeMap<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                byStatus.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() == 409) {
                    response.then().body("scimType", equalTo("uniqueness"));
                }
            }
            assertEquals(Map.of(201, 1, 409, AT_ONCE - 1), byStatus, "one created, the rest told it exists");
        } finally {
            pool.shutdownNow();
        }

        scim(secret).queryParam("filter", "userName eq \"" + userName + "\"").get("/scim/v2/Users").then().statusCode(200)
                .body("totalResults", equalTo(1));
        long officers = QuarkusTransaction.requiringNew().call(() -> Officer.count("agencyId = ?1 and email like ?2",
                agency.id(), "race%"));
        assertEquals(1, officers, "the losers left no officer behind");
    }
}
