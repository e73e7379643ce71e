package org.agencyverify.officer;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.agencyverify.common.text.OneLine;

/** Enroll an officer: their mailbox at one of the agency's proved domains, name and badge number. */
public record EnrollOfficerRequest(
        @NotBlank @Email @OneLine @Size(max = 320) String email,
        @NotBlank @OneLine @Size(max = 200) String name,
        @NotBlank @OneLine @Size(max = 64) String badgeNumber) {}
