package io.recordingarchiver.transfer;

import java.util.Locale;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Adds the operator's way out to a store's refusal of the SDK's upload checksums: when a
 * PutObject or UploadPart sent with {@code when-supported} checksums is refused with a 4xx or 501
 * whose error names a checksum, a trailer, {@code aws-chunked} or the content SHA-256, the
 * exception's message gets {@value #HINT}. The failure recorded for the recording (and logged)
 * then says which setting fixes it.
 *
 * <p>The refusals it recognises are those stores send (Backblaze B2: {@code InvalidArgument
 * Unsupported header 'x-amz-sdk-checksum-algorithm' received for this API call.},
 * https://github.com/home-assistant/core/issues/143995; Cloudflare R2: {@code 501 NotImplemented
 * Header 'x-amz-checksum-crc32' with value ... not implemented},
 * https://github.com/aws/aws-sdk-js-v3/issues/6810; Scality: {@code BadRequest trailing checksum is
 * not supported}, https://github.com/scality/cloudserver/issues/5553; Linode:
 * {@code XAmzContentSHA256Mismatch}, https://github.com/google/go-cloud/pull/3634; Google Cloud
 * Storage: {@code SignatureDoesNotMatch} on PutObject since SDK 2.30,
 * https://github.com/aws/aws-sdk-java-v2/issues/5987, or {@code ExcessHeaderValues},
 * https://github.com/milvus-io/milvus-storage/pull/480). Since some of these name no checksum, the
 * hint is worded as a condition. Any other failure, and any failure of another operation (a wrong
 * secret key fails the reads before any upload), passes through unchanged.
 */
public final class ChecksumRefusalHint implements ExecutionInterceptor {

    /** What is appended to the refusal's message. */
    public static final String HINT = " [if this store does not support the checksums the AWS SDK adds to uploads,"
            + " set " + ChecksumSettings.REQUEST_SETTING + "=when-required]";

    private static final Pattern ABOUT_CHECKSUMS = Pattern.compile(
            "checksum|trailer|chunked|streaming|content-?sha256|content-encoding|notimplemented"
                    + "|signaturedoesnotmatch|excessheadervalues");

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
        return withHint(context.exception(), context.request());
    }

    /** The failure with the hint when it is a refusal of upload checksums, else the failure itself. */
    static Throwable withHint(Throwable failure, SdkRequest request) {
        if (!(failure instanceof S3Exception refusal) || !isUpload(request) || !refusesChecksums(refusal)) {
            return failure;
        }
        String message = refusal.awsErrorDetails() != null && refusal.awsErrorDetails().errorMessage() != null
                ? refusal.awsErrorDetails().errorMessage() : "refused";
        return refusal.toBuilder().message(message + HINT).build();
    }

    private static boolean isUpload(SdkRequest request) {
        return request instanceof PutObjectRequest || request instanceof UploadPartRequest;
    }

    private static boolean refusesChecksums(S3Exception refusal) {
        int status = refusal.statusCode();
        if (!(status >= 400 && status < 500 && status != 408 && status != 429) && status != 501) {
            return false;
        }
        String said = "";
        if (refusal.awsErrorDetails() != null) {
            said = refusal.awsErrorDetails().errorCode() + " " + refusal.awsErrorDetails().errorMessage();
        }
        return ABOUT_CHECKSUMS.matcher(said.toLowerCase(Locale.ROOT)).find();
    }
}
