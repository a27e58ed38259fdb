package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

class ObjectSettingsTest {

    private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd";

    @Test
    void emptySettingsAreTheBucketDefaultsAndChangeNothing() {
        ObjectSettings settings = ObjectSettings.of("", "none", "", "");
        assertThat(settings.isBucketDefault()).isTrue();
        PutObjectRequest put = PutObjectRequest.builder().bucket("b").key("k").build();
        assertThat(settings.decorate(put, "b")).isSameAs(put);
        assertThat(settings.applyTo(PutObjectRequest.builder()).build().storageClassAsString()).isNull();
        assertThat(ObjectSettings.of(null, null, null, null).isBucketDefault()).isTrue();
    }

    @Test
    void putObjectGetsClassEncryptionAndTags() {
        PutObjectRequest put = ObjectSettings.of("STANDARD_IA", "aws:kms", KEY, "team=video&retention=7+years")
                .applyTo(PutObjectRequest.builder()).build();
        assertThat(put.storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(put.ssekmsKeyId()).isEqualTo(KEY);
        assertThat(put.tagging()).isEqualTo("team=video&retention=7%20years");
    }

    @Test
    void multipartUploadGetsThemAtCreation() {
        CreateMultipartUploadRequest create = ObjectSettings.of("GLACIER_IR", "AES256", "", "a=1")
                .applyTo(CreateMultipartUploadRequest.builder()).build();
        assertThat(create.storageClassAsString()).isEqualTo("GLACIER_IR");
        assertThat(create.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(create.ssekmsKeyId()).isNull();
        assertThat(create.tagging()).isEqualTo("a=1");
    }

    @Test
    void copyGetsClassAndEncryptionButKeepsTheSourcesTags() {
        CopyObjectRequest copy = ObjectSettings.of("STANDARD_IA", "AES256", "", "a=1")
                .applyTo(CopyObjectRequest.builder()).build();
        assertThat(copy.storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(copy.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(copy.tagging()).isNull();
        assertThat(copy.taggingDirective()).isNull();
    }

    @Test
    void theInterceptorDecoratesWritesIntoTheArchiveBucketOnly() {
        ObjectSettings settings = ObjectSettings.of("STANDARD_IA", "AES256", "", "a=1");
        PutObjectRequest ours = PutObjectRequest.builder().bucket("archive").key("k").build();
        PutObjectRequest theirs = PutObjectRequest.builder().bucket("second").key("k").build();
        assertThat(((PutObjectRequest) settings.decorate(ours, "archive")).storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(settings.decorate(theirs, "archive")).isSameAs(theirs);

        CreateMultipartUploadRequest create = CreateMultipartUploadRequest.builder().bucket("archive").key("k").build();
        assertThat(((CreateMultipartUploadRequest) settings.decorate(create, "archive")).tagging()).isEqualTo("a=1");

        CopyObjectRequest copyIn = CopyObjectRequest.builder().sourceBucket("second").sourceKey("k")
                .destinationBucket("archive").destinationKey("k").build();
        CopyObjectRequest copyOut = CopyObjectRequest.builder().sourceBucket("archive").sourceKey("k")
                .destinationBucket("second").destinationKey("k").build();
        assertThat(((CopyObjectRequest) settings.decorate(copyIn, "archive")).serverSideEncryptionAsString())
                .isEqualTo("AES256");
        assertThat(settings.decorate(copyOut, "archive")).isSameAs(copyOut);
    }

    @Test
    void theInterceptorLeavesRequestsThatChooseForThemselvesAndOtherOperations() {
        ObjectSettings settings = ObjectSettings.of("STANDARD_IA", "AES256", "", "a=1");
        PutObjectRequest chosen = PutObjectRequest.builder().bucket("archive").key("k").storageClass("GLACIER").build();
        assertThat(settings.decorate(chosen, "archive")).isSameAs(chosen);
        SdkRequest part = UploadPartRequest.builder().bucket("archive").key("k").partNumber(1).uploadId("u").build();
        assertThat(settings.decorate(part, "archive")).isSameAs(part);
        SdkRequest get = GetObjectRequest.builder().bucket("archive").key("k").build();
        assertThat(settings.decorate(get, "archive")).isSameAs(get);
    }

    @Test
    void encryptionNamesAreCaseInsensitive() {
        assertThat(ObjectSettings.of("", "aes256", "", "").encryption()).contains(ServerSideEncryption.AES256);
        assertThat(ObjectSettings.of("", " AWS:KMS ", "", "").encryption()).contains(ServerSideEncryption.AWS_KMS);
        assertThat(ObjectSettings.of("", "aws:kms", "", "").kmsKeyId()).isEmpty();
        assertThat(ObjectSettings.of("", "NONE", "", "").encryption()).isEmpty();
    }

    @Test
    void unknownEncryptionIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ObjectSettings.of("", "SSE-C", "", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the setting archiver.s3.server-side-encryption must be none, AES256 (SSE-S3) or aws:kms"
                        + " (SSE-KMS), not 'SSE-C'");
    }

    @Test
    void aKmsKeyWithoutKmsEncryptionIsRefused() {
        assertThatThrownBy(() -> ObjectSettings.of("", "AES256", KEY, ""))
                .hasMessageContaining("archiver.s3.kms-key-id is set, but archiver.s3.server-side-encryption is 'AES256'");
        assertThatThrownBy(() -> ObjectSettings.of("", "none", KEY, ""))
                .hasMessageContaining("only used with archiver.s3.server-side-encryption=aws:kms");
        assertThatThrownBy(() -> ObjectSettings.of("", "aws:kms", "my key", ""))
                .hasMessageContaining("archiver.s3.kms-key-id must be a KMS key id, alias or ARN without spaces");
    }

    @Test
    void storageClassMustBeAClassName() {
        assertThat(ObjectSettings.of(" STANDARD_IA ", "none", "", "").storageClass()).contains("STANDARD_IA");
        assertThat(ObjectSettings.of("COLDLINE", "none", "", "").storageClass()).contains("COLDLINE");
        assertThatThrownBy(() -> ObjectSettings.of("standard_ia", "none", "", ""))
                .hasMessage("the setting archiver.s3.storage-class must be empty (the bucket's default) or a storage"
                        + " class name in capitals such as STANDARD_IA, not 'standard_ia'");
        assertThatThrownBy(() -> ObjectSettings.of("STANDARD IA", "none", "", ""))
                .hasMessageContaining("archiver.s3.storage-class");
    }

    @Test
    void tagsAreDecodedAndSentEncodedTheWayS3ReadsThem() {
        ObjectSettings settings = ObjectSettings.of("", "none", "", "team=video&note=a%2Bb%20c&empty=&path=x/y:z@w");
        assertThat(settings.tags()).containsExactly(Map.entry("team", "video"), Map.entry("note", "a+b c"),
                Map.entry("empty", ""), Map.entry("path", "x/y:z@w"));
        assertThat(settings.tagging()).contains("team=video&note=a%2Bb%20c&empty=&path=x%2Fy%3Az%40w");
        assertThat(ObjectSettings.of("", "none", "", "équipe=vidéo").tagging()).contains("%C3%A9quipe=vid%C3%A9o");
    }

    @Test
    void badTagsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ObjectSettings.of("", "none", "", "team"))
                .hasMessageStartingWith("the setting archiver.s3.tags must be URL-encoded key=value pairs joined by &")
                .hasMessageContaining("'team' is not key=value");
        assertThatThrownBy(() -> ObjectSettings.of("", "none", "", "a=1&"))
                .hasMessageContaining("'' is not key=value");
        assertThatThrownBy(() -> ObjectSettings.of("", "none", "", "=1"))
                .hasMessageContaining("must have 1 to 128 characters");
        assertThatThrownBy(() -> ObjectSettings.of("", "none", "", "a=1&a=2"))
                .hasMessageContaining("the key 'a' is given twice");
        assertThatThrownBy(() -> ObjectSettings.of("", "none", "", "aws:created=1"))
                .hasMessageContaining("reserved for AWS");
        assertThatThrownBy(() -> ObjectSettings.of("", "none", "", "a=%zz"))
                .hasMessageContaining("is not URL-encoded correctly");
        assertThatThrownBy(() -> ObjectSettings.of("", "none", "", "a=x%21"))
                .hasMessageContaining("has a character S3 does not allow in tags");
        assertThatThrownBy(() -> ObjectSettings.of("", "none", "", "k=" + "v".repeat(257)))
                .hasMessageContaining("longer than 256 characters");
        assertThatThrownBy(() -> ObjectSettings.of("", "none", "", "k".repeat(129) + "=v"))
                .hasMessageContaining("must have 1 to 128 characters");
        StringBuilder eleven = new StringBuilder("t0=v");
        for (int i = 1; i <= 10; i++) {
            eleven.append("&t").append(i).append("=v");
        }
        assertThatThrownBy(() -> ObjectSettings.of("", "none", "", eleven.toString()))
                .hasMessageContaining("11 tags, but S3 allows at most 10 per object");
    }

    @Test
    void describesItselfForTheStartLogWithoutTagValues() {
        assertThat(ObjectSettings.of("STANDARD_IA", "aws:kms", KEY, "team=video").toString())
                .isEqualTo("storage class STANDARD_IA, encryption aws:kms with key " + KEY + ", tags team");
        assertThat(ObjectSettings.BUCKET_DEFAULTS.toString())
                .isEqualTo("the bucket's default storage class and encryption, no tags");
    }
}
