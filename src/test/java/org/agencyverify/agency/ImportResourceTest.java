package org.agencyverify.agency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImportResourceTest {

    private static final String HEADER = "Domain name,Domain type,Organization name,Suborganization name,City,State,Security contact email\r\n";

    @Inject
    TestIdentities identities;

    @Inject
    AgencyFixtures fixtures;

    @TestHTTPResource("/v1/agencies/import")
    URL importUrl;

    private static byte[] registry() throws IOException {
        return Files.readAllBytes(Path.of("src/test/resources/dotgov/current-full.csv"));
    }

    private JsonPath post(String bearer, byte[] csv, int status) {
        return given().header("Authorization", bearer).contentType("text/csv").body(csv)
                .post("/v1/agencies/import").then().statusCode(status).extract().jsonPath();
    }

    @Test
    void theWholeRegistryImportsOnceAndAgainChangesNothing() throws Exception {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        byte[] csv = registry();
        assertTrue(csv.length > 64 * 1024, "bigger than the global body limit");

        long started = System.nanoTime();
        JsonPath first = post(bearer, csv, 200);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Log.infof("Imported the whole .gov registry (%d rows) in %d ms: %d agencies, %d domains", first.getInt("rows"),
                millis, first.getInt("agenciesCreated"), first.getInt("domainsCreated"));
        assertEquals(16_539, first.getInt("rows"));
        assertEquals(first.getInt("rows"), first.getInt("domainsCreated") + first.getInt("skippedCount") + first.getInt("rejectedCount"));
        assertTrue(first.getInt("agenciesCreated") > 5_000, "rows of one organization share an agency");
        assertTrue(first.getInt("domainsCreated") > 16_000);
        assertTrue(millis < 60_000, "import took " + millis + " ms");

        Agency palms = QuarkusTransaction.requiringNew().call(() -> Agency.<Agency>findById(
                AgencyDomain.<AgencyDomain>find("domain", "29palms.gov").firstResult().agencyId));
        assertEquals("City of Twentynine Palms", palms.name);
        assertEquals("CITY", palms.kind);
        assertEquals("US", palms.country);
        assertEquals("CA", palms.region);
        assertEquals(AgencyStatus.PENDING, palms.status);
        assertEquals("DOTGOV_IMPORT", palms.source);
        assertNull(palms.keycloakOrgId, "no Keycloak organization for an unvetted candidate");
        long actonAgencies = QuarkusTransaction.requiringNew().call(() -> AgencyDomain.<AgencyDomain>list("domain in ?1",
                List.of("acton-ma.gov", "actonma.gov")).stream().map(d -> d.agencyId).distinct().count());
        assertEquals(1, actonAgencies, "two domains of one town, one agency");
        long audited = QuarkusTransaction.requiringNew().call(() -> org.agencyverify.audit.AuditEvent.count("action", "agency.imported"));
        assertTrue(audited >= 1);

        JsonPath again = post(bearer, csv, 200);
        assertEquals(0, again.getInt("agenciesCreated"));
        assertEquals(0, again.getInt("domainsCreated"));
        assertEquals(first.getInt("rows") - first.getInt("rejectedCount"), again.getInt("skippedCount"));
        assertEquals("domain already present", again.getString("skipped[0].reason"));
    }

    @Test
    void aStreamedBodyWithoutLengthGetsTheImportLimitToo() throws Exception {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        String suffix = AgencyFixtures.unique("s");
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 1500; i++) {
            csv.append(suffix).append("-").append(i).append(".example.gov,County,\"Streamed County ").append(suffix)
                    .append(", ").append(i % 10).append("\",,Town,NV,(blank)\r\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length > 64 * 1024);
        HttpRequest request = HttpRequest.newBuilder(importUrl.toURI())
                .header("Authorization", bearer).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonPath report = JsonPath.from(response.body());
        assertEquals(10, report.getInt("agenciesCreated"));
        assertEquals(1500, report.getInt("domainsCreated"));
    }

    @Test
    void aBodyOverTheImportLimitIs413AndOtherPathsKeepTheSmallLimit() throws Exception {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        byte[] huge = new byte[9 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        // Refused on the declared length; the server may close the connection while the client still
        // sends, so the client may see only the closed connection. Either way nothing is imported.
        long before = QuarkusTransaction.requiringNew().call(() -> AgencyDomain.count());
        try {
            given().header("Authorization", bearer).contentType("text/csv").body(huge).post("/v1/agencies/import").then()
                    .statusCode(413).body("type", equalTo(ProblemType.PAYLOAD_TOO_LARGE.uri()));
        } catch (Exception refusedMidBody) {
            // REST Assured rethrows the socket's IOException as it is.
            assertTrue(refusedMidBody instanceof IOException, refusedMidBody.toString());
        }
        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> AgencyDomain.count()));

        byte[] big = new byte[100 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        given().header("Authorization", bearer).contentType("application/json").body(big).post("/v1/agencies").then()
                .statusCode(413);
    }

    @Test
    void aStreamedBodyOverTheImportLimitIsCutOffAndNothingIsImported() throws Exception {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        StringBuilder csv = new StringBuilder(HEADER);
        String suffix = AgencyFixtures.unique("big");
        for (int i = 0; csv.length() < 9 * 1024 * 1024; i++) {
            csv.append(suffix).append(i).append(".example.gov,City,Big City ").append(i).append(",,Big,OR,(blank)\r\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        long before = QuarkusTransaction.requiringNew().call(() -> AgencyDomain.count());
        HttpRequest request = HttpRequest.newBuilder(importUrl.toURI()).version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", bearer).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        try {
            int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            assertTrue(status == 413 || status == 400, "status " + status);
        } catch (IOException refusedMidBody) {
            // the server stopped reading at the limit and closed the connection: refused, as required
        }
        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> AgencyDomain.count()));
    }

    @Test
    void malformedCsvsAreRefusedOrReportedByLine() {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        JsonPath missing = post(bearer, "Domain name,City\r\nx.gov,Here\r\n".getBytes(StandardCharsets.UTF_8), 400);
        assertEquals(ProblemType.INVALID_REQUEST.uri(), missing.getString("type"));
        assertTrue(missing.getList("errors.field").containsAll(List.of("Domain type", "Organization name", "State")));
        given().header("Authorization", bearer).contentType("text/csv").body(HEADER + "a.gov,City,\"unclosed,,x,CA,\r\n")
                .post("/v1/agencies/import").then().statusCode(400).body("detail", containsString("line 2"));
        given().header("Authorization", bearer).contentType("text/csv").body("")
                .post("/v1/agencies/import").then().statusCode(400);

        String good = AgencyFixtures.unique("good") + ".example.gov";
        String csv = HEADER
                + good + ",City,\"Good City, Inc\",,Good,WA,(blank)\r\n"
                + "192.168.0.1,City,IP City,,Ip,WA,(blank)\r\n"
                + "short.gov,City\r\n"
                + good.toUpperCase() + ",City,Good City again,,Good,WA,(blank)\r\n"
                + "odd-" + good + ",Galactic,Odd,,Odd,WA,(blank)\r\n";
        JsonPath report = post(bearer, csv.getBytes(StandardCharsets.UTF_8), 200);
        assertEquals(5, report.getInt("rows"));
        assertEquals(1, report.getInt("domainsCreated"));
        assertEquals(3, report.getInt("rejectedCount"));
        assertEquals(List.of(3, 4, 6), report.getList("rejected.line"));
        assertEquals(1, report.getInt("skippedCount"));
        assertEquals(5, report.getInt("skipped[0].line"));
        assertEquals("same domain as line 2", report.getString("skipped[0].reason"));
    }

    @Test
    void onlyOperatorsImport() {
        byte[] csv = (HEADER + "x.gov,City,X,,X,CA,(blank)\r\n").getBytes(StandardCharsets.UTF_8);
        given().contentType("text/csv").body(csv).post("/v1/agencies/import").then()
                .statusCode(401).body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
        for (String role : List.of(Roles.AGENCY_ADMIN, Roles.OFFICER, Roles.PORTAL)) {
            given().header("Authorization", identities.user(role).bearer()).contentType("text/csv").body(csv)
                    .post("/v1/agencies/import").then().statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
        }
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).contentType("application/json").body("{}")
                .post("/v1/agencies/import").then().statusCode(415);
    }
}
