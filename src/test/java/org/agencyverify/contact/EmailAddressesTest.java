package org.agencyverify.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EmailAddressesTest {

    @Test
    void validAddressesAreLowerCased() {
        assertEquals(Optional.of("dana.records+pd@city.example.gov"), EmailAddresses.normalize(" Dana.Records+PD@City.Example.gov "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "a@b", "@x.test", "a@", "a@@x.test", "a b@x.test", "a@x..test", ".a@x.test",
        "a.@x.test", "a..b@x.test", "a@-x.test", "a@x-.test", "a@x.test>", "<a@x.test>", "a@x.test\nBcc: b@y.test"})
    void invalidAddressesAreRefused(String email) {
        assertTrue(EmailAddresses.normalize(email).isEmpty(), email);
    }
}
