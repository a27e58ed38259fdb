package io.recordingarchiver.archive;

import io.recordingarchiver.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * The per-recording decisions: the object keys, the archive plan and the download policy. Wired
 * after the state store (see {@code ArchiverConfiguration} for how camel-main runs this class).
 */
public class ArchiveBeans implements CamelConfiguration {

    /** The object keys from their templates; the intake gate checks a delivery's ids against them too. */
    @BindToRegistry("archiveKeys")
    public ArchiveKeys archiveKeys(@PropertyInject("archiver.s3.key-template") String keyTemplate,
            @PropertyInject("archiver.s3.error-key-template") String errorKeyTemplate) {
        return new ArchiveKeys(keyTemplate, errorKeyTemplate);
    }

    @BindToRegistry("archivePlan")
    public ArchivePlan archivePlan(ArchiveKeys archiveKeys, Settings settings) {
        return new ArchivePlan(archiveKeys, settings.duration("archiver.download.expiry-margin"));
    }

    @BindToRegistry("downloadGuard")
    public DownloadGuard downloadGuard(@PropertyInject("archiver.download.allowed-hosts") String allowedHosts,
            Settings settings) {
        return new DownloadGuard(settings.bool("archiver.download.require-https"), allowedHosts,
                settings.bool("archiver.download.allow-private-networks"));
    }

    /** Whether the process is stopping, for the archive route's error handler (see {@link ShutdownSignal}). */
    @BindToRegistry("shutdownSignal")
    public ShutdownSignal shutdownSignal(CamelContext context) {
        return new ShutdownSignal(context);
    }
}
