package io.recordingarchiver.transfer;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes the small JSON documents of the archive (each recording's manifest, the error report of a
 * recording that will not be archived) through the archiver's one S3 client, so they carry the same
 * object settings as the recordings ({@link ObjectSettings} is an interceptor of that client).
 *
 * <p>Why not Camel's {@code aws2-s3} endpoint, which did this before: {@code AWS2S3Endpoint.doStart()}
 * (Camel 4.18) sends a {@code HeadBucket} whenever the endpoint starts, whatever
 * {@code autoCreateBucket} or {@code lazyStartProducer} say (the route's send processor starts the
 * endpoint before any producer), and rethrows a connection failure. So an archiver started while its
 * store was unreachable failed to start its routes and exited with 1, and refused every webhook while
 * it crash-looped. Here nothing reaches the store before the first write, and a failed write is an
 * {@link S3Errors#classify classified} failure: unreachable, 5xx and throttling are transient and
 * retried by the archive route's retry policy, other refusals are final.
 */
public final class JsonObjects {

    private final S3Client s3;
    private final String bucket;

    public JsonObjects(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Stores {@code json} under {@code key} as {@code application/json} in one PUT. */
    public void put(String key, byte[] json) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json")
                    .contentLength((long) json.length), RequestBody.fromBytes(json));
        } catch (SdkException e) {
            throw S3Errors.classify(e, "storing " + key);
        }
    }
}
