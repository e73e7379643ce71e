package org.agencyverify.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.junit.jupiter.api.Test;

/**
 * The README's SCIM commands, read from README.md and run in bash as written (localhost:8080 pointed at the
 * test's port), with the walkthrough's variables of an agency made for the test: they cannot drift.
 */
@QuarkusTest
class ReadmeScimTest {

    private static final String SECTION = "## Provisioning officers with SCIM";
    private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    @TestHTTPResource("/")
    URL service;
    @Inject
    EnrolledAgencies agencies;

    @Test
    void theReadmesCommandsWorkAsWritten() throws Exception {
        TestAgency agency = agencies.active();
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(SECTION);
        assertTrue(start >= 0, "README section " + SECTION);
        String section = readme.substring(start, readme.indexOf("\n## ", start + SECTION.length()));
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(section);
        while (m.find()) {
            blocks.add(m.group(1).replace("localhost:8080", "localhost:" + service.getPort()));
        }
        assertEquals(1, blocks.size());

        ProcessBuilder bash = new ProcessBuilder("bash", "-u", "-c", blocks.get(0) + "\necho \"SCIM_USER_ID=$SCIM_USER_ID\"")
                .redirectErrorStream(true);
        bash.environment().put("AUTH", "Authorization: " + agency.admin().bearer());
        bash.environment().put("AGENCY_ID", agency.id().toString());
        bash.environment().put("WALK_DOMAIN", agency.domain());
        Process process = bash.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the commands finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);

        assertTrue(output.contains("\"exists\":true"), output);
        assertTrue(output.contains("\"patch\":{\"supported\":true}"), output);
        assertTrue(output.contains("\"totalResults\":0"), output);
        assertTrue(output.contains("\"active\":false"), output);
        assertTrue(output.contains("\"status\":\"SUSPENDED\""), output);
        assertTrue(output.contains("\n204\n"), output);
        Matcher id = Pattern.compile("SCIM_USER_ID=([0-9a-f-]{36})").matcher(output);
        assertTrue(id.find(), output);
        Officer officer = OfficerFixtures.row(java.util.UUID.fromString(id.group(1)));
        assertEquals("r.roe@" + agency.domain(), officer.email);
        assertEquals(OfficerStatus.REVOKED, officer.status);
    }
}
