package io.recordingarchiver.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import io.recordingarchiver.testkit.Await;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** What the tests check in the bucket: the bytes actually stored, and objects appearing. */
final class Buckets {

    static final String BUCKET = "recordings";

    private Buckets() {
    }

    /** The SHA-256 of the object as stored, read back in a stream. */
    static String sha256(S3Client s3, String key) throws IOException {
        try (InputStream in = s3.getObject(b -> b.bucket(BUCKET).key(key))) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The object's content as UTF-8 text (a manifest). */
    static String text(S3Client s3, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
    }

    /** Waits until the object exists; fails with the archiver's output when it does not appear in time. */
    static void awaitObject(S3Client s3, String key, Duration timeout, ArchiverProcess archiver) throws Exception {
        try {
            Await.until(key + " to appear", timeout, () -> {
                try {
                    s3.headObject(b -> b.bucket(BUCKET).key(key));
                    return true;
                } catch (NoSuchKeyException notYet) {
                    if (!archiver.isAlive()) {
                        throw new AssertionError("the archiver died:\n" + archiver.output());
                    }
                    return false;
                }
            });
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + ":\n" + archiver.output(), timedOut);
        }
    }
}
