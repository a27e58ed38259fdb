package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** The refusals are those stores send, as their users report them (sources in ChecksumRefusalHint). */
class ChecksumRefusalHintTest {

    private static final PutObjectRequest PUT = PutObjectRequest.builder().bucket("b").key("k").build();
    private static final UploadPartRequest PART = UploadPartRequest.builder().bucket("b").key("k").build();

    @Test
    void backblazeRefusingTheChecksumHeaderGetsTheHint() {
        S3Exception refusal = refusal(400, "InvalidArgument",
                "Unsupported header 'x-amz-sdk-checksum-algorithm' received for this API call.");
        Throwable hinted = ChecksumRefusalHint.withHint(refusal, PART);
        assertThat(hinted).isInstanceOf(S3Exception.class)
                .hasMessageContaining("Unsupported header 'x-amz-sdk-checksum-algorithm'")
                .hasMessageContaining("set archiver.s3.request-checksum-calculation=when-required")
                .hasMessageContaining("Status Code: 400");
        assertThat(((S3Exception) hinted).statusCode()).isEqualTo(400);
    }

    @Test
    void r2AndScalityAndLinodeRefusalsGetTheHint() {
        assertThat(ChecksumRefusalHint.withHint(refusal(501, "NotImplemented",
                "Header 'x-amz-checksum-crc32' with value 'abc' not implemented"), PUT))
                .hasMessageContaining(ChecksumRefusalHint.HINT);
        assertThat(ChecksumRefusalHint.withHint(refusal(400, "BadRequest", "trailing checksum is not supported"), PUT))
                .hasMessageContaining(ChecksumRefusalHint.HINT);
        assertThat(ChecksumRefusalHint.withHint(refusal(400, "XAmzContentSHA256Mismatch", null), PART))
                .hasMessageContaining(ChecksumRefusalHint.HINT);
        assertThat(ChecksumRefusalHint.withHint(refusal(501, "NotImplemented",
                "STREAMING-UNSIGNED-PAYLOAD-TRAILER not implemented"), PART))
                .hasMessageContaining(ChecksumRefusalHint.HINT);
        assertThat(ChecksumRefusalHint.withHint(refusal(403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided."), PUT))
                .as("Google Cloud Storage").hasMessageContaining(ChecksumRefusalHint.HINT);
    }

    @Test
    void otherRefusalsAndOtherOperationsAreLeftAlone() {
        S3Exception denied = refusal(403, "AccessDenied", "Access Denied");
        assertThat(ChecksumRefusalHint.withHint(denied, PUT)).isSameAs(denied);
        S3Exception unavailable = refusal(503, "SlowDown", "checksum service busy");
        assertThat(ChecksumRefusalHint.withHint(unavailable, PUT)).isSameAs(unavailable);
        S3Exception notOnAnUpload = refusal(400, "InvalidArgument", "Unsupported header 'x-amz-checksum-crc32'");
        assertThat(ChecksumRefusalHint.withHint(notOnAnUpload, CreateMultipartUploadRequest.builder().build()))
                .isSameAs(notOnAnUpload);
        SdkClientException clientSide = SdkClientException.create("checksum mismatch on the way in");
        assertThat(ChecksumRefusalHint.withHint(clientSide, PUT)).isSameAs(clientSide);
    }

    private static S3Exception refusal(int status, String code, String message) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3").build())
                .build();
    }
}
