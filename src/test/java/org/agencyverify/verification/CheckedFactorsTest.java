package org.agencyverify.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckedFactorsTest {

    @Test
    void theFlowsStatementOfPasswordAndCodePasses() {
        assertEquals(List.of("pwd", "otp"), List.copyOf(CheckedFactors.stated("pwd otp")));
        assertTrue(CheckedFactors.passwordAndCode(CheckedFactors.stated("pwd otp")));
        assertTrue(CheckedFactors.passwordAndCode(CheckedFactors.stated(" otp  pwd ")));
    }

    @Test
    void aGrantWithoutTheStatementOrWithOneFactorIsNotEnough() {
        assertFalse(CheckedFactors.passwordAndCode(CheckedFactors.stated(null)), "another flow: no claim");
        assertFalse(CheckedFactors.passwordAndCode(CheckedFactors.stated("")));
        assertFalse(CheckedFactors.passwordAndCode(CheckedFactors.stated("pwd")), "a password alone");
        assertFalse(CheckedFactors.passwordAndCode(CheckedFactors.stated("otp")));
        assertFalse(CheckedFactors.passwordAndCode(CheckedFactors.stated("pwdotp")), "one word is not two factors");
    }
}
