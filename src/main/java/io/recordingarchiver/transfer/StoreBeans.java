package io.recordingarchiver.transfer;

import io.recordingarchiver.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * Starts building the bucket's client as the first bean of the transfer stage, listed right after
 * the settings and before every other stage ({@code App.configurations()}), so that it runs beside
 * the state store's and the routes' set-up; {@link TransferBeans} picks it up (see {@link StoreClientStart}).
 */
public class StoreBeans implements CamelConfiguration {

    @BindToRegistry("storeClientStart")
    public StoreClientStart storeClientStart(@PropertyInject("archiver.s3.region") String region,
            @PropertyInject("archiver.s3.endpoint") String endpoint,
            @PropertyInject("archiver.s3.access-key") String accessKey,
            @PropertyInject("archiver.s3.secret-key") String secretKey,
            @PropertyInject("archiver.data-dir") String dataDir, Settings settings) {
        return StoreClientStart.begin(new StoreClientStart.Store(region, endpoint, accessKey, secretKey, dataDir), settings);
    }
}
