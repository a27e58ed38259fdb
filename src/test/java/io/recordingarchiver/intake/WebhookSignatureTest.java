package io.recordingarchiver.intake;

import static io.recordingarchiver.SigningKeys.A;
import static io.recordingarchiver.SigningKeys.B;
import static io.recordingarchiver.SigningKeys.pem;
import static io.recordingarchiver.SigningKeys.sign;
import static io.recordingarchiver.SigningKeys.signRaw;
import static io.recordingarchiver.SigningKeys.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.util.CaseInsensitiveMap;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import io.recordingarchiver.event.IntakeRejection;

/** Signature checks against a configured PEM key. */
class WebhookSignatureTest {

    private static final byte[] BODY = utf8("{\"event\": \"recording.statusUpdate\",\n"
            + "  \"recording\": {\"id\": \"rec-1\", \"status\": \"UPLOADED\"}}");

    private final WebhookSignature signatureA = new WebhookSignature(pem(A), null, null, null);

    private static Map<String, Object> headers(String name, Object value) {
        Map<String, Object> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("rtk-uuid", "6f1c0e5e-0000-4000-8000-000000000001");
        headers.put(name, value);
        return headers;
    }

    private static AbstractThrowableAssert<?, ?> assertRejected(Runnable call, int status, String reason) {
        return assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(IntakeRejection.class, r -> {
                    assertThat(r.getStatus()).isEqualTo(status);
                    assertThat(r.getReason()).isEqualTo(reason);
                });
    }

    @Test
    void validSignatureInRtkHeaderPasses() {
        assertThatCode(() -> signatureA.verify(BODY, headers("rtk-signature", sign(A, BODY)))).doesNotThrowAnyException();
    }

    @Test
    void validSignatureInDyteHeaderWithOtherCasePasses() {
        assertThatCode(() -> signatureA.verify(BODY, headers("DYTE-Signature", sign(A, BODY)))).doesNotThrowAnyException();
    }

    @Test
    void camelCaseInsensitiveHeaderMapAndSingleElementListPass() {
        Map<String, Object> camel = new CaseInsensitiveMap();
        camel.put("Rtk-Signature", List.of(sign(A, BODY)));
        assertThatCode(() -> signatureA.verify(BODY, camel)).doesNotThrowAnyException();
    }

    @Test
    void surroundingWhitespaceOfTheSignatureIsTolerated() {
        assertThatCode(() -> signatureA.verify(BODY, headers("rtk-signature", "  " + sign(A, BODY) + "\r\n")))
                .doesNotThrowAnyException();
    }

    @Test
    void pemWithLiteralBackslashNSequencesWorks() {
        String literal = pem(A).replace("\n", "\\n");
        assertThat(literal).doesNotContain("\n").contains("\\n");
        WebhookSignature signature = new WebhookSignature(literal, null, null, null);
        assertThatCode(() -> signature.verify(BODY, headers("rtk-signature", sign(A, BODY)))).doesNotThrowAnyException();
    }

    @Test
    void pemWithCrLfAndLiteralCrLfWorks() {
        WebhookSignature real = new WebhookSignature("\r\n  " + pem(A).replace("\n", "\r\n"), null, null, null);
        WebhookSignature literal = new WebhookSignature(pem(A).replace("\n", "\\r\\n"), null, null, null);
        assertThatCode(() -> real.verify(BODY, headers("rtk-signature", sign(A, BODY)))).doesNotThrowAnyException();
        assertThatCode(() -> literal.verify(BODY, headers("rtk-signature", sign(A, BODY)))).doesNotThrowAnyException();
    }

    @Test
    void signatureByAnotherKeyIsRejected() {
        String signature = sign(B, BODY);
        assertRejected(() -> signatureA.verify(BODY, headers("rtk-signature", signature)), 401, WebhookSignature.MISMATCH)
                .message().doesNotContain(signature);
    }

    @Test
    void truncatedSignatureIsRejected() {
        byte[] raw = signRaw(A, BODY);
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(raw, raw.length - 3));
        assertRejected(() -> signatureA.verify(BODY, headers("rtk-signature", truncated)), 401, WebhookSignature.MISMATCH);
    }

    @Test
    void signatureOfAnotherBodyIsRejected() {
        byte[] other = utf8("{\"event\": \"recording.statusUpdate\", \"recording\": {\"id\": \"rec-2\"}}");
        assertRejected(() -> signatureA.verify(BODY, headers("rtk-signature", sign(A, other))), 401, WebhookSignature.MISMATCH);
    }

    @Test
    void reserialisedJsonBodyIsRejected() throws Exception {
        String signature = sign(A, BODY);
        byte[] reserialised = new ObjectMapper().writeValueAsBytes(new ObjectMapper().readTree(BODY));
        assertThat(reserialised).isNotEqualTo(BODY);
        assertThat(new ObjectMapper().readTree(reserialised)).isEqualTo(new ObjectMapper().readTree(BODY));
        assertThatCode(() -> signatureA.verify(BODY, headers("rtk-signature", signature))).doesNotThrowAnyException();
        assertRejected(() -> signatureA.verify(reserialised, headers("rtk-signature", signature)), 401, WebhookSignature.MISMATCH);
    }

    @Test
    void nonBase64SignatureIsRejected() {
        assertRejected(() -> signatureA.verify(BODY, headers("rtk-signature", "not*base64!")), 401, WebhookSignature.NOT_BASE64)
                .message().doesNotContain("not*base64!");
    }

    @Test
    void urlSafeBase64IsNotStandardBase64() {
        String urlSafe = Base64.getUrlEncoder().encodeToString(signRaw(A, BODY));
        // a 256-byte signature without '+' or '/' is astronomically unlikely; skip rather than pass vacuously
        assumeFalse(urlSafe.equals(sign(A, BODY)));
        assertRejected(() -> signatureA.verify(BODY, headers("rtk-signature", urlSafe)), 401, WebhookSignature.NOT_BASE64);
    }

    @Test
    void missingSignatureIsRejected() {
        assertRejected(() -> signatureA.verify(BODY, headers("rtk-uuid", "x")), 401, WebhookSignature.MISSING);
        assertRejected(() -> signatureA.verify(BODY, Map.of()), 401, WebhookSignature.MISSING);
        assertRejected(() -> signatureA.verify(BODY, null), 401, WebhookSignature.MISSING);
        assertRejected(() -> signatureA.verify(BODY, headers("rtk-signature", List.of())), 401, WebhookSignature.MISSING);
        assertThat(WebhookSignature.MISSING).isEqualTo("the delivery carries no rtk-signature header");
    }

    @Test
    void blankSignatureIsRejected() {
        assertRejected(() -> signatureA.verify(BODY, headers("rtk-signature", "  ")), 401, WebhookSignature.EMPTY);
    }

    // Issue 10: a sender during a header rename sends the same valid signature in both headers;
    // any one signature that verifies is enough, the others are ignored.

    @Test
    void repeatedHeaderAsListPassesWhenBothAreValid() {
        String valid = sign(A, BODY);
        assertThatCode(() -> signatureA.verify(BODY, headers("rtk-signature", List.of(valid, valid))))
                .doesNotThrowAnyException();
    }

    @Test
    void bothPrefixesWithTheSameValidSignaturePass() {
        Map<String, Object> headers = headers("rtk-signature", sign(A, BODY));
        headers.put("Dyte-Signature", sign(A, BODY));
        assertThatCode(() -> signatureA.verify(BODY, headers)).doesNotThrowAnyException();
    }

    @Test
    void oneValidSignatureAmongWrongAndUndecodableOnesPasses() {
        Map<String, Object> headers = headers("rtk-signature", sign(B, BODY));
        headers.put("dyte-signature", List.of("not*base64!", sign(A, BODY)));
        assertThatCode(() -> signatureA.verify(BODY, headers)).doesNotThrowAnyException();
    }

    @Test
    void severalSignaturesNoneValidAreRejected() {
        Map<String, Object> headers = headers("rtk-signature", sign(B, BODY));
        headers.put("dyte-signature", sign(B, BODY));
        assertRejected(() -> signatureA.verify(BODY, headers), 401, WebhookSignature.MISMATCH);
        assertRejected(() -> signatureA.verify(BODY, headers("rtk-signature", List.of("*", "%"))), 401,
                WebhookSignature.NOT_BASE64);
    }

    @Test
    void foldedRepeatedHeaderPassesWhenOneIsValid() {
        String valid = sign(A, BODY);
        assertThatCode(() -> signatureA.verify(BODY, headers("rtk-signature", sign(B, BODY) + ", " + valid)))
                .doesNotThrowAnyException();
    }

    @Test
    void configuredKeyIsAlwaysAvailable() {
        assertThat(signatureA.keyAvailable()).isTrue();
    }

    @Test
    void invalidConfiguredPemThrowsIllegalArgumentWithoutKeyMaterial() {
        String pem = pem(A);
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
        String firstLine = body.substring(0, body.indexOf('\n'));
        List<String> invalid = List.of(
                "not a pem at all",
                pem.replace("PUBLIC KEY", "RSA PUBLIC KEY"),
                pem.replace(firstLine, firstLine.substring(0, 10) + "*" + firstLine.substring(11)),
                "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(utf8("garbage")) + "\n-----END PUBLIC KEY-----",
                pem.substring(0, pem.indexOf("-----END")));
        for (String bad : invalid) {
            assertThatThrownBy(() -> new WebhookSignature(bad, null, null, null))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Invalid configured RealtimeKit public key")
                    .message().doesNotContain(firstLine.substring(0, 10)).doesNotContain("garbage");
        }
    }

    @Test
    void nonRsaKeyIsRejected() throws Exception {
        java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        String ecPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ec.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertThatThrownBy(() -> new WebhookSignature(ecPem, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RSA");
    }

    @Test
    void neitherPemNorUrlIsAConfigurationError() {
        assertThatThrownBy(() -> new WebhookSignature(" ", "", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSignature(null, "ftp://example.com/key", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSignature(pem(A), null, Duration.ofSeconds(-1), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
