package org.agencyverify.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The media type a 415 names is the one the OpenAPI contract (openapi/, identical to what the service serves:
 * OpenApiDocumentTest) gives each request body, for every operation that takes one.
 */
class RequestMediaTypesTest {

    @Test
    void everyRequestBodyOfTheContractIsNamedAsItIs() throws Exception {
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(Path.of("openapi/openapi.yaml").toFile()).path("paths");
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "0d5c1f3e-6c8e-4a57-9f0e-1b2c3d4e5f60");
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                JsonNode content = operation.getValue().path("requestBody").path("content");
                if (content.isMissingNode()) {
                    continue;
                }
                List<String> types = new ArrayList<>();
                content.fieldNames().forEachRemaining(types::add);
                assertEquals(List.of(RequestMediaTypes.of(concrete)), types, operation.getKey() + " " + path.getKey());
                checked.add(operation.getKey() + " " + path.getKey());
            }
        }
        assertTrue(checked.size() >= 20, "request bodies in the contract: " + checked);
    }

    @Test
    void theDetailNamesTheEndpointsType() {
        assertTrue(RequestMediaTypes.unsupportedDetail("/v1/tokens/introspect").contains("application/x-www-form-urlencoded"));
        assertTrue(RequestMediaTypes.unsupportedDetail("v1/agencies/import/").contains("text/csv"));
        String json = RequestMediaTypes.unsupportedDetail("/v1/verifications");
        assertTrue(json.contains("application/json") && !json.contains("form") && !json.contains("csv"), json);
    }
}
