// What `make bench` sets the introspection figures against, on one core of this machine: the JDK's
// own ES256 signature check (what introspection would cost if it verified the token it is shown)
// and the SHA-256 of the token (what it does instead: the hash is the Redis key of a token we
// issued, so a forged or altered token is simply not found). JDK classes only.
//
//   java bench/TokenCheckCost.java [seconds per measurement, default 2]

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

public class TokenCheckCost {

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        // About the size of a trust token's signing input (header.payload).
        byte[] input = "x".repeat(900).getBytes(StandardCharsets.US_ASCII);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(pair.getPrivate());
        signer.update(input);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");

        double verifies = rate(seconds, () -> {
            verifier.initVerify(pair.getPublic());
            verifier.update(input);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("signature did not verify");
            }
        });
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        double hashes = rate(seconds, () -> sha.digest(input));
        System.out.printf("es256_verify_per_s=%.0f provider=%s sha256_per_s=%.0f%n", verifies, verifier.getProvider().getName(), hashes);
    }

    interface Step {
        void run() throws Exception;
    }

    /** Operations per second on this thread, after a warm-up of the same length. */
    static double rate(double seconds, Step step) throws Exception {
        for (int pass = 0; ; pass++) {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long count = 0;
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                step.run();
                count++;
            }
            if (pass == 1) {
                return count / ((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
