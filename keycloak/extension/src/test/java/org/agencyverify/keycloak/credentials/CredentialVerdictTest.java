package org.agencyverify.keycloak.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class CredentialVerdictTest {

    private final List<String> asked = new ArrayList<>();

    private BooleanSupplier step(String name, boolean answer) {
        return () -> {
            asked.add(name);
            return answer;
        };
    }

    @Test
    void allThreeHoldInOrder() {
        assertEquals(CredentialVerdict.PASSED, CredentialVerdict.of(true, step("password", true), step("has-otp", true), step("otp", true)));
        assertEquals(List.of("password", "has-otp", "otp"), asked);
    }

    @Test
    void noUsableUserIsAWrongPasswordAndNothingIsChecked() {
        assertEquals(CredentialVerdict.PASSWORD, CredentialVerdict.of(false, step("password", true), step("has-otp", true), step("otp", true)));
        assertEquals(List.of(), asked);
        assertEquals("password", CredentialVerdict.PASSWORD.failedFactor());
    }

    @Test
    void aWrongPasswordNeverSpendsTheOneTimeCode() {
        assertEquals(CredentialVerdict.PASSWORD, CredentialVerdict.of(true, step("password", false), step("has-otp", true), step("otp", true)));
        assertEquals(List.of("password"), asked, "the code is not tried, so a stranger's guess cannot use it up");
    }

    @Test
    void theRightPasswordWithAWrongCodeNamesTheSecondFactor() {
        assertEquals(CredentialVerdict.SECOND_FACTOR, CredentialVerdict.of(true, step("password", true), step("has-otp", true), step("otp", false)));
        assertEquals("otp", CredentialVerdict.SECOND_FACTOR.failedFactor());
    }

    @Test
    void aUserWithoutASecondFactorIsRefusedEvenWithTheRightPassword() {
        assertEquals(CredentialVerdict.NO_SECOND_FACTOR,
                CredentialVerdict.of(true, step("password", true), step("has-otp", false), step("otp", true)));
        assertEquals(List.of("password", "has-otp"), asked);
        assertEquals("no-otp", CredentialVerdict.NO_SECOND_FACTOR.failedFactor());
    }

    @Test
    void theRefusalIsKeycloaksUsualAnswerWithTheFailedFactor() {
        assertEquals("{error=invalid_grant, error_description=Invalid user credentials, failed_factor=otp}",
                CredentialCheckAuthenticator.refusalBody(CredentialVerdict.SECOND_FACTOR).toString());
    }
}
