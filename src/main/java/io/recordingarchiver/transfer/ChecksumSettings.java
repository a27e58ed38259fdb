package io.recordingarchiver.transfer;

import java.util.List;
import java.util.Locale;

import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * When the AWS SDK adds checksums to what it sends to the store and checks those it receives:
 * {@code archiver.s3.request-checksum-calculation} and {@code archiver.s3.response-checksum-validation},
 * each {@code when-supported} (the SDK's default since 2.30: a CRC32 of every PutObject and
 * UploadPart body, sent as an {@code aws-chunked} trailer, and response checksums validated) or
 * {@code when-required} (only where an operation demands one, as the SDK did before 2.30).
 *
 * <p>Why it is a setting: several S3-compatible stores refuse the trailer and its headers, with a
 * 400 or 501 on every upload (Backblaze B2: {@code InvalidArgument Unsupported header
 * 'x-amz-sdk-checksum-algorithm'}, Cloudflare R2 before its support of the checksums:
 * {@code 501 NotImplemented}), and the SDK's announcement names {@code WHEN_REQUIRED} as the way
 * to talk to them (https://github.com/aws/aws-sdk-java-v2/issues/5801,
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-dataintegrity.html). The archiver's own
 * integrity check (size and SHA-256 of every file) does not depend on it.
 *
 * <p>Values are case-insensitive; the SDK's own spelling ({@code WHEN_REQUIRED}, {@code when_required})
 * is accepted too. The client's setting wins over the SDK's environment variables
 * ({@code AWS_REQUEST_CHECKSUM_CALCULATION}).
 */
public final class ChecksumSettings {

    public static final String REQUEST_SETTING = "archiver.s3.request-checksum-calculation";
    public static final String RESPONSE_SETTING = "archiver.s3.response-checksum-validation";

    private final RequestChecksumCalculation request;
    private final ResponseChecksumValidation response;

    private ChecksumSettings(RequestChecksumCalculation request, ResponseChecksumValidation response) {
        this.request = request;
        this.response = response;
    }

    /**
     * @param request the value of {@value #REQUEST_SETTING}
     * @param response the value of {@value #RESPONSE_SETTING}
     * @throws IllegalArgumentException naming the setting when a value is neither when-supported nor when-required
     */
    public static ChecksumSettings of(String request, String response) {
        RequestChecksumCalculation requestMode = whenRequired(REQUEST_SETTING, request)
                ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED;
        ResponseChecksumValidation responseMode = whenRequired(RESPONSE_SETTING, response)
                ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED;
        return new ChecksumSettings(requestMode, responseMode);
    }

    /** Sets both modes on the client being built. */
    public S3ClientBuilder applyTo(S3ClientBuilder builder) {
        return builder.requestChecksumCalculation(request).responseChecksumValidation(response);
    }

    /**
     * The interceptors the client needs for these modes: the {@link ChecksumRefusalHint} while
     * uploads carry checksums (with {@code when-required} they do not, and the hint would mislead).
     */
    public List<ExecutionInterceptor> interceptors() {
        return request == RequestChecksumCalculation.WHEN_SUPPORTED ? List.of(new ChecksumRefusalHint()) : List.of();
    }

    public RequestChecksumCalculation request() {
        return request;
    }

    public ResponseChecksumValidation response() {
        return response;
    }

    private static boolean whenRequired(String setting, String value) {
        String normal = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (normal) {
            case "when-supported" -> false;
            case "when-required" -> true;
            default -> throw new IllegalArgumentException("the setting " + setting
                    + " must be when-supported or when-required, not '" + value + "'");
        };
    }
}
