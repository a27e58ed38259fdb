package io.recordingarchiver.transfer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * How every object the archiver writes into its bucket is stored: its storage class, its
 * server-side encryption and its tags, from {@code archiver.s3.storage-class},
 * {@code archiver.s3.server-side-encryption} (+ {@code archiver.s3.kms-key-id}) and
 * {@code archiver.s3.tags}. Validated once, at start: a bad value stops the start with a message
 * that names the setting and says what is allowed.
 *
 * <ul>
 *   <li>storage class: empty (the bucket's default class) or a class name in capitals, sent as
 *       {@code x-amz-storage-class} ({@code STANDARD_IA}, {@code GLACIER_IR}, ... on AWS; stores
 *       have their own lists, see the README). Not checked against AWS's list, since other stores
 *       name theirs differently; the store refuses an unknown one at the first upload.</li>
 *   <li>server-side encryption: {@code none} (the bucket's default encryption), {@code AES256}
 *       (SSE-S3) or {@code aws:kms} (SSE-KMS, with the key {@code kms-key-id}, or the account's
 *       {@code aws/s3} key when that is empty), sent as {@code x-amz-server-side-encryption}
 *       and {@code x-amz-server-side-encryption-aws-kms-key-id}.</li>
 *   <li>tags: {@code key=value} pairs joined by {@code &}, URL-encoded (a literal {@code +} is
 *       {@code %2B}), sent as {@code x-amz-tagging}. S3's limits are checked: at most 10 tags,
 *       unique keys of 1 to 128 characters not starting with {@code aws:}, values up to 256
 *       characters, letters, digits, spaces and {@code + - = . _ : / @} only
 *       (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html).</li>
 * </ul>
 *
 * <p>The settings go on the requests that create an object: PutObject and CreateMultipartUpload
 * (its parts inherit them), and CopyObject onto the archive bucket, which would otherwise fall
 * back to the default class and encryption (its tags are copied from the source). They are applied
 * by {@link #interceptor(String)} on the S3 client, so every writer of the bucket gets them: the
 * transfer code and the manifest and error reports ({@link JsonObjects}) alike, and a recipe's
 * {@code aws2-s3} endpoint on the same client.
 * A request that sets any of them itself is left as it is.
 */
public final class ObjectSettings {

    public static final String STORAGE_CLASS = "archiver.s3.storage-class";
    public static final String SERVER_SIDE_ENCRYPTION = "archiver.s3.server-side-encryption";
    public static final String KMS_KEY_ID = "archiver.s3.kms-key-id";
    public static final String TAGS = "archiver.s3.tags";

    /** Objects stored as the bucket says: no class, no encryption header, no tags. */
    public static final ObjectSettings BUCKET_DEFAULTS = new ObjectSettings(null, null, null, Map.of());

    private static final Pattern STORAGE_CLASS_NAME = Pattern.compile("[A-Z0-9_]+");

    private final String storageClass;
    private final ServerSideEncryption encryption;
    private final String kmsKeyId;
    private final Map<String, String> tags;
    private final String tagging;

    private ObjectSettings(String storageClass, ServerSideEncryption encryption, String kmsKeyId,
            Map<String, String> tags) {
        this.storageClass = storageClass;
        this.encryption = encryption;
        this.kmsKeyId = kmsKeyId;
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        this.tagging = tags.isEmpty() ? null : ObjectTags.encode(tags);
    }

    /**
     * @throws IllegalArgumentException naming the setting and what it allows, for any value that
     *     is not valid (see the class comment)
     */
    public static ObjectSettings of(String storageClass, String serverSideEncryption, String kmsKeyId, String tags) {
        ServerSideEncryption encryption = encryption(serverSideEncryption);
        String keyId = blankToNull(kmsKeyId);
        if (keyId != null && encryption != ServerSideEncryption.AWS_KMS) {
            throw new IllegalArgumentException("the setting " + KMS_KEY_ID + " is set, but " + SERVER_SIDE_ENCRYPTION
                    + " is '" + serverSideEncryption + "': a KMS key is only used with " + SERVER_SIDE_ENCRYPTION
                    + "=aws:kms (set that, or leave " + KMS_KEY_ID + " empty)");
        }
        if (keyId != null && keyId.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the setting " + KMS_KEY_ID
                    + " must be a KMS key id, alias or ARN without spaces, not '" + kmsKeyId + "'");
        }
        return new ObjectSettings(storageClass(storageClass), encryption, keyId, ObjectTags.parse(tags));
    }

    /** Adds the storage class, encryption and tags to a PutObject. */
    public PutObjectRequest.Builder applyTo(PutObjectRequest.Builder request) {
        if (storageClass != null) {
            request.storageClass(storageClass);
        }
        if (encryption != null) {
            request.serverSideEncryption(encryption).ssekmsKeyId(kmsKeyId);
        }
        return tagging == null ? request : request.tagging(tagging);
    }

    /** Adds the storage class, encryption and tags to a CreateMultipartUpload (the completed object gets them). */
    public CreateMultipartUploadRequest.Builder applyTo(CreateMultipartUploadRequest.Builder request) {
        if (storageClass != null) {
            request.storageClass(storageClass);
        }
        if (encryption != null) {
            request.serverSideEncryption(encryption).ssekmsKeyId(kmsKeyId);
        }
        return tagging == null ? request : request.tagging(tagging);
    }

    /**
     * Adds the storage class and encryption to a CopyObject, which would otherwise store the copy
     * in the default class with the bucket's encryption. Tags are left to the copy's tagging
     * directive (by default the source's tags are copied).
     */
    public CopyObjectRequest.Builder applyTo(CopyObjectRequest.Builder request) {
        if (storageClass != null) {
            request.storageClass(storageClass);
        }
        if (encryption != null) {
            request.serverSideEncryption(encryption).ssekmsKeyId(kmsKeyId);
        }
        return request;
    }

    /**
     * An interceptor for the S3 client that applies these settings to every PutObject,
     * CreateMultipartUpload and CopyObject whose destination is {@code bucket} and that sets none
     * of them itself. Other buckets (a recipe's second bucket) are left alone.
     */
    public ExecutionInterceptor interceptor(String bucket) {
        return new ExecutionInterceptor() {
            @Override
            public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes executionAttributes) {
                return decorate(context.request(), bucket);
            }
        };
    }

    /** The request with these settings when it creates an object in {@code bucket} and sets none of them, else itself. */
    SdkRequest decorate(SdkRequest request, String bucket) {
        if (isBucketDefault()) {
            return request;
        }
        if (request instanceof PutObjectRequest put && bucket.equals(put.bucket()) && put.storageClassAsString() == null
                && put.serverSideEncryptionAsString() == null && put.tagging() == null) {
            return applyTo(put.toBuilder()).build();
        }
        if (request instanceof CreateMultipartUploadRequest create && bucket.equals(create.bucket())
                && create.storageClassAsString() == null && create.serverSideEncryptionAsString() == null
                && create.tagging() == null) {
            return applyTo(create.toBuilder()).build();
        }
        if (request instanceof CopyObjectRequest copy && bucket.equals(copy.destinationBucket())
                && copy.storageClassAsString() == null && copy.serverSideEncryptionAsString() == null) {
            return applyTo(copy.toBuilder()).build();
        }
        return request;
    }

    public boolean isBucketDefault() {
        return storageClass == null && encryption == null && tagging == null;
    }

    public Optional<String> storageClass() {
        return Optional.ofNullable(storageClass);
    }

    public Optional<ServerSideEncryption> encryption() {
        return Optional.ofNullable(encryption);
    }

    public Optional<String> kmsKeyId() {
        return Optional.ofNullable(kmsKeyId);
    }

    /** The tags, decoded, in the order given. */
    public Map<String, String> tags() {
        return tags;
    }

    /** The tags as sent in {@code x-amz-tagging} (RFC 3986 encoded), or empty. */
    public Optional<String> tagging() {
        return Optional.ofNullable(tagging);
    }

    /** One line for the start log: what objects get (never a secret: a key id is not one). */
    @Override
    public String toString() {
        if (isBucketDefault()) {
            return "the bucket's default storage class and encryption, no tags";
        }
        return "storage class " + (storageClass == null ? "(bucket default)" : storageClass)
                + ", encryption " + (encryption == null ? "(bucket default)" : encryption.toString()
                        + (kmsKeyId == null ? "" : " with key " + kmsKeyId))
                + ", tags " + (tags.isEmpty() ? "none" : String.join(",", tags.keySet()));
    }

    private static String storageClass(String value) {
        String name = blankToNull(value);
        if (name != null && !STORAGE_CLASS_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the setting " + STORAGE_CLASS + " must be empty (the bucket's default)"
                    + " or a storage class name in capitals such as STANDARD_IA, not '" + value + "'");
        }
        return name;
    }

    private static ServerSideEncryption encryption(String value) {
        String mode = value == null ? "" : value.trim();
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "", "none":
                return null;
            case "aes256":
                return ServerSideEncryption.AES256;
            case "aws:kms":
                return ServerSideEncryption.AWS_KMS;
            default:
                throw new IllegalArgumentException("the setting " + SERVER_SIDE_ENCRYPTION
                        + " must be none, AES256 (SSE-S3) or aws:kms (SSE-KMS), not '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
