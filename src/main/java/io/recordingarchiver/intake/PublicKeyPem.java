package io.recordingarchiver.intake;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Parses an RSA public key from PEM text holding an X.509 SubjectPublicKeyInfo
 * ({@code -----BEGIN PUBLIC KEY-----}).
 *
 * <p>Tolerant of the ways the PEM reaches us: real newlines, {@code \r\n}, or the literal
 * two-character sequences {@code \n} / {@code \r\n} (a PEM pasted into an environment variable or
 * a JSON string escaped twice), and surrounding whitespace. Error messages never contain the text.
 */
final class PublicKeyPem {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private PublicKeyPem() {
    }

    /**
     * @return the RSA public key
     * @throws IllegalArgumentException when the text is not a PEM RSA public key; the message says
     *     what is wrong without quoting the text
     */
    static RSAPublicKey parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("the public key PEM is empty");
        }
        String text = pem.replace("\\r", "\n").replace("\\n", "\n");
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            if (text.contains("-----BEGIN RSA PUBLIC KEY-----")) {
                throw new IllegalArgumentException("the public key PEM is a PKCS#1 'RSA PUBLIC KEY';"
                        + " an X.509 '" + BEGIN + "' block is expected");
            }
            throw new IllegalArgumentException("the public key PEM has no '" + BEGIN + "' ... '" + END + "' block");
        }
        String base64 = text.substring(begin + BEGIN.length(), end).replaceAll("\\s+", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public key PEM body is not valid base64");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("the public key PEM does not hold an RSA X.509 SubjectPublicKeyInfo");
        }
    }
}
