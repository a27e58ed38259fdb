package io.recordingarchiver.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The demo's own webhook signing key, kept as two PEM files in one folder so the archiver can be
 * started once with the public half and the sender run as often as wanted with the private half.
 * Signs the way RealtimeKit does: {@code SHA256withRSA} over the raw body, base64.
 */
final class DemoKey {

    static final String PRIVATE_FILE = "webhook-private-key.pem";
    static final String PUBLIC_FILE = "webhook-public-key.pem";

    private final PrivateKey privateKey;
    private final Path publicKeyFile;

    private DemoKey(PrivateKey privateKey, Path publicKeyFile) {
        this.privateKey = privateKey;
        this.publicKeyFile = publicKeyFile;
    }

    /** The key pair of {@code dir}, created there on first use. */
    static DemoKey loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        if (!Files.isRegularFile(privateFile) || !Files.isRegularFile(publicFile)) {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        }
        String text = Files.readString(privateFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
        return new DemoKey(key, publicFile);
    }

    Path publicKeyFile() {
        return publicKeyFile;
    }

    String publicKeyPem() throws IOException {
        return Files.readString(publicKeyFile);
    }

    String sign(byte[] body) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(body);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the demo key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }
}
