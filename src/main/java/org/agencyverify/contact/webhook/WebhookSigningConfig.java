package org.agencyverify.contact.webhook;

import io.smallrye.config.ConfigMapping;

/** The service's own Ed25519 key pair for signing webhooks ({@code v1a}) to receivers that have no shared secret. */
@ConfigMapping(prefix = "agency-verify.webhooks")
public interface WebhookSigningConfig {

    /** Ed25519 private key, base64 of its PKCS#8 DER form ({@code openssl genpkey -algorithm ed25519 -outform DER | base64}). */
    String signingPrivateKey();

    /** The matching public key, base64 of the raw 32 bytes; agencies verify our v1a signatures with it. Not secret. */
    String signingPublicKey();
}
