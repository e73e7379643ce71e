package org.agencyverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void layoutKeyOrderAndNumberNotationDoNotCount() {
        String canonical = "{\"a\":[1.5,100,0,-2],\"b\":{\"x\":null,\"y\":true},\"bb\":\"Städtische \\\"Polizei\\\"\"}";
        assertEquals(canonical, CanonicalJson.of(canonical));
        // How PostgreSQL prints the same value as jsonb: keys by length, spaces, numbers as written.
        assertEquals(canonical, CanonicalJson.of("{\"a\": [1.50, 1E+2, -0.0, -2], \"b\": {\"x\": null, \"y\": true}, \"bb\": \"Städtische \\\"Polizei\\\"\"}"));
        assertEquals("{\"n\":10000000}", CanonicalJson.of("{\"n\":1.0E7}"));
        assertEquals("{\"n\":0.000001}", CanonicalJson.of("{\"n\":1.0E-6}"));
    }

    @Test
    void valuesStillCount() {
        assertNotEquals(CanonicalJson.of("{\"a\":1}"), CanonicalJson.of("{\"a\":\"1\"}"));
        assertNotEquals(CanonicalJson.of("{\"a\":1}"), CanonicalJson.of("{\"a\":1.01}"));
        assertNotEquals(CanonicalJson.of("{\"a\":[1,2]}"), CanonicalJson.of("{\"a\":[2,1]}"));
        assertNotEquals(CanonicalJson.of("{\"a\":null}"), CanonicalJson.of("{}"));
    }

    /** Events written before this form existed were hashed with Jackson's sorted-map writer: they must still verify. */
    @Test
    void sameBytesAsTheEarlierFormForWhatTheServiceWrites() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("portalId", "7c0e...");
        details.put("agencyId", null);
        details.put("after", Map.of("status", "ACTIVE", "name", "Police \u00e9\u4e2d\ud83d\ude93 \"quoted\" \\ \n\t\u0001", "attempts", 3));
        details.put("list", List.of(1, 2L, Long.MAX_VALUE, true, "x"));
        details.put("", "empty key");
        details.put("B", "upper before lower");
        String earlier = mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsString(mapper.convertValue(details, Object.class));
        assertEquals(earlier, CanonicalJson.of(mapper.writeValueAsString(details)));
    }
}
