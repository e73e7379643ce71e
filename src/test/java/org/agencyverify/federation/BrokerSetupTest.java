package org.agencyverify.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;

/**
 * A realm made before the rule has the create-or-auto-link flow this service used to build; the
 * scheduled check converts it in place (the same flow, so every IdP pointing at it gets the rule).
 * Tried on a throwaway flow of that shape: the realm's own flow is never broken for other tests.
 */
@QuarkusTest
class BrokerSetupTest {

    @Inject
    TestIdentities identities;
    @Inject
    BrokerSetup broker;

    @Test
    void aFlowOfTheOldShapeIsConvertedInPlaceOnce() {
        AuthenticationManagementResource flows = identities.realm().flows();
        String alias = "old-first-broker-login-" + UUID.randomUUID().toString().substring(0, 8);
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        String id;
        try (Response response = flows.createFlow(flow)) {
            assertEquals(201, response.getStatus());
            id = response.getLocation().getPath().replaceAll(".*/", "");
        }
        try {
            String linkOrCreate = alias + "-link-or-create";
            flows.addExecutionFlow(alias, Map.of("alias", linkOrCreate, "type", "basic-flow", "provider", "registration-page-form"));
            flows.addExecution(linkOrCreate, Map.of("provider", "idp-create-user-if-unique"));
            flows.addExecution(linkOrCreate, Map.of("provider", "idp-auto-link"));
            flows.addExecution(alias, Map.of("provider", "idp-add-organization-member"));
            assertEquals(4, flows.getExecutions(alias).size());

            broker.ensureFlow(alias, "converted by the test");
            List<AuthenticationExecutionInfoRepresentation> converted = flows.getExecutions(alias);
            assertEquals(List.of("agency-verify-link-enrolled"), converted.stream().map(AuthenticationExecutionInfoRepresentation::getProviderId).toList());
            assertEquals("REQUIRED", converted.get(0).getRequirement());
            assertEquals(id, flows.getFlows().stream().filter(f -> alias.equals(f.getAlias())).findFirst().orElseThrow().getId(),
                    "the same flow");

            broker.ensureFlow(alias, "converted by the test");
            assertEquals(converted.get(0).getId(), flows.getExecutions(alias).get(0).getId(), "a second run changes nothing");
            assertEquals(1, flows.getExecutions(alias).size());
        } finally {
            flows.deleteFlow(id);
        }
    }
}
