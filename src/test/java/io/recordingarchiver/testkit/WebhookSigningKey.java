package io.recordingarchiver.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/** The RSA key pair webhook deliveries are signed with ({@code SHA256withRSA}); rotatable. */
final class WebhookSigningKey {

    private volatile KeyPair keyPair = generate();

    /** Replaces the key pair; later signatures and the published PEM use the new one. */
    void rotate() {
        keyPair = generate();
    }

    /** Base64 of the {@code SHA256withRSA} signature over exactly {@code body}. */
    String sign(byte[] body) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keyPair.getPrivate());
            signature.update(body);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with SHA256withRSA", e);
        }
    }

    /** The public key as an X.509 SubjectPublicKeyInfo PEM with real newlines and 64-character lines. */
    String publicKeyPem() {
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN PUBLIC KEY-----\n"
                + encoder.encodeToString(keyPair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }
}
