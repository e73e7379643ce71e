package org.agencyverify.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * An operator's or agency admin's strong sign-in counts for 15 s only, so tests see it go stale. One profile for
 * the API's and the console's tests: each profile costs a Quarkus build and start.
 */
public class ShortSignInAge implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("agency-verify.admin-sign-in.max-auth-age", "15S");
    }
}
