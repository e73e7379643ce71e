package org.agencyverify.provisioning;

import static org.agencyverify.provisioning.ScimClients.credential;
import static org.agencyverify.provisioning.ScimClients.oktaUser;
import static org.agencyverify.provisioning.ScimClients.patch;
import static org.agencyverify.provisioning.ScimClients.scim;
import static org.agencyverify.provisioning.ScimClients.scimError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OwnServers;
import org.junit.jupiter.api.Test;

/**
 * Without Redis neither the SCIM client's limit nor a suspension's token revocations can be stored: /scim/v2
 * answers 503 in SCIM's format and changes nothing. On the test's own Redis, which it stops.
 */
@QuarkusTest
@TestProfile(OwnServers.Profile.class)
class ScimFailsClosedTest {

    @Inject
    EnrolledAgencies agencies;

    @Test
    void redisDownIsA503InScimFormatAndNothingChanges() {
        TestAgency agency = agencies.active();
        String secret = credential(agency);
        String id = scim(secret).body(oktaUser(agency.email("down." + UUID.randomUUID().toString().substring(0, 6)), "00u-down"))
                .post("/scim/v2/Users").then().statusCode(201).extract().path("id");

        OwnServers.stopRedis();
        try {
            scimError(scim(secret).get("/scim/v2/Users"), 503, null);
            scimError(scim(secret).body(patch("{\"op\":\"replace\",\"value\":{\"active\":false}}")).patch("/scim/v2/Users/" + id),
                    503, null);
        } finally {
            OwnServers.startRedis();
        }
        assertEquals(OfficerStatus.INVITED, OfficerFixtures.row(UUID.fromString(id)).status);
        Eventually.within(Duration.ofSeconds(30), () -> scim(secret).get("/scim/v2/Users").then().statusCode(200));
    }
}
