package org.agencyverify.federation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Link an agency's OIDC identity provider. The issuer is pinned: its discovery document must name
 * exactly this issuer, unless the endpoints are given explicitly (then all three are required).
 */
public record LinkIdentityProviderRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{2,62}", message = "3 to 63 of a-z, 0-9 and -, starting with a letter or digit") String alias,
        @NotBlank @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String issuer,
        @NotBlank @Size(max = 255) String clientId,
        @NotBlank @Size(max = 512) String clientSecret,
        /** One of the agency's proved domains; defaults to the first of them. */
        @Size(max = 253) String domain,
        /** IMPORT (default: the profile is copied at first sign-in only), FORCE or LEGACY. */
        @Pattern(regexp = "IMPORT|FORCE|LEGACY") String syncMode,
        @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String authorizationUrl,
        @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String tokenUrl,
        @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String jwksUrl,
        /**
         * The acr values of the agency's own sign-ins that are strong enough (e.g. its MFA's), as its IdP
         * puts them in ID tokens. A federated officer token counts only with one of them; without any, none does.
         */
        @Size(max = 20) List<@NotBlank @Size(max = 256) @Pattern(regexp = "[\\x21\\x23-\\x5b\\x5d-\\x7e]+",
                message = "printable ASCII without spaces, quotes or backslashes") String> acceptedAcr) {

    boolean explicitEndpoints() {
        return authorizationUrl != null || tokenUrl != null || jwksUrl != null;
    }

    /** Never prints the client secret. */
    @Override
    public String toString() {
        return "LinkIdentityProviderRequest[alias=" + alias + ", issuer=" + issuer + ", clientId=" + clientId
                + ", acceptedAcr=" + acceptedAcr + "]";
    }
}
