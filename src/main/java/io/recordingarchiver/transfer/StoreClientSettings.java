package io.recordingarchiver.transfer;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import io.recordingarchiver.Settings;

/**
 * What makes the archiver's S3 client fit the store it talks to: the SDK's checksum modes
 * ({@link ChecksumSettings}) and how every object written into the archive bucket is stored
 * ({@link ObjectSettings}), read from the {@code archiver.s3.*} settings. A bad value stops the
 * start with a message naming the setting.
 */
public final class StoreClientSettings {

    private static final Logger LOG = LoggerFactory.getLogger(StoreClientSettings.class);

    private StoreClientSettings() {
    }

    /** Validates the settings and applies them to the client being built. */
    public static S3ClientBuilder applyTo(S3ClientBuilder builder, Settings settings) {
        ChecksumSettings checksums = ChecksumSettings.of(settings.get(ChecksumSettings.REQUEST_SETTING),
                settings.get(ChecksumSettings.RESPONSE_SETTING));
        ObjectSettings objects = ObjectSettings.of(settings.get(ObjectSettings.STORAGE_CLASS),
                settings.get(ObjectSettings.SERVER_SIDE_ENCRYPTION), settings.get(ObjectSettings.KMS_KEY_ID),
                settings.get(ObjectSettings.TAGS));
        List<ExecutionInterceptor> interceptors = new ArrayList<>(checksums.interceptors());
        interceptors.add(objects.interceptor(settings.get("archiver.s3.bucket")));
        LOG.info("S3 client: request checksums {}, response checksums {}; objects get {}", checksums.request(),
                checksums.response(), objects);
        // one override configuration holding every interceptor: a second call would replace the first
        return checksums.applyTo(builder).overrideConfiguration(c -> c.executionInterceptors(interceptors));
    }
}
