package org.agencyverify.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {

    @Test
    void typeUrisAreUniqueAndInOurNamespace() {
        Set<String> uris = Arrays.stream(ProblemType.values()).map(ProblemType::uri).collect(Collectors.toSet());
        assertEquals(ProblemType.values().length, uris.size());
        uris.forEach(uri -> assertTrue(uri.matches("urn:agency-verify:problem:[a-z-]+"), uri));
    }

    @Test
    void typeUrisNeverChange() {
        // Clients branch on these strings: renaming one is a breaking change of the API.
        assertEquals("urn:agency-verify:problem:not-found", ProblemType.NOT_FOUND.uri());
        assertEquals("urn:agency-verify:problem:invalid-request", ProblemType.INVALID_REQUEST.uri());
        assertEquals("urn:agency-verify:problem:service-unavailable", ProblemType.SERVICE_UNAVAILABLE.uri());
    }

    @Test
    void frameworkStatusesMapToTheirType() {
        assertEquals(ProblemType.NOT_FOUND, ProblemType.forStatus(404));
        assertEquals(ProblemType.MALFORMED_REQUEST, ProblemType.forStatus(400));
        assertEquals(ProblemType.PAYLOAD_TOO_LARGE, ProblemType.forStatus(413));
        assertEquals(ProblemType.INTERNAL_ERROR, ProblemType.forStatus(502));
        assertEquals(ProblemType.MALFORMED_REQUEST, ProblemType.forStatus(418));
    }

    @Test
    void everyTypeTellsAPersonWhatToDo() {
        for (ProblemType type : ProblemType.values()) {
            assertTrue(type.defaultDetail().length() > 20, type.name());
        }
    }
}
