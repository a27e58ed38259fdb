package io.recordingarchiver.intake;

import java.time.Duration;

import io.recordingarchiver.Settings;
import io.recordingarchiver.archive.ArchiveKeys;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook gate: the signature check and the intake gate. Wired after the archive stage, whose
 * key templates the gate checks a delivery's ids against (see {@code ArchiverConfiguration} for how
 * camel-main runs this class).
 */
public class IntakeBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeBeans.class);

    /** How long a fetched key is used before it is fetched again, and the longest wait for it. */
    private static final Duration KEY_REFRESH = Duration.ofMinutes(1);
    private static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(10);

    /** The signature check, from the PEM key or the key URLs; a WARN when verification is switched off. */
    @BindToRegistry("webhookSignature")
    public WebhookSignature webhookSignature(@PropertyInject("archiver.webhook.public-key") String publicKey,
            @PropertyInject("archiver.webhook.public-key-urls") String keyUrls, Settings settings) {
        if (!settings.bool("archiver.webhook.verify-signatures")) {
            LOG.warn("Webhook signature verification is OFF (archiver.webhook.verify-signatures=false): anyone who"
                    + " can reach the webhook URL can submit recording events and make the archiver download links");
        }
        return new WebhookSignature(publicKey, publicKeyUrls(
                // optional: an operator's own application.properties may no longer define the deprecated name
                settings.optional("archiver.webhook.public-key-url"), keyUrls), KEY_REFRESH, KEY_FETCH_TIMEOUT);
    }

    @BindToRegistry("intakeGate")
    public IntakeGate intakeGate(ArchiveKeys archiveKeys) {
        return new IntakeGate(archiveKeys);
    }

    /**
     * The key URLs: {@code archiver.webhook.public-key-urls}, unless the deprecated single-URL
     * setting {@code archiver.webhook.public-key-url} is still set (read for one more release, with
     * a WARN): then that one URL alone, as before.
     */
    static String publicKeyUrls(String legacyKeyUrl, String keyUrls) {
        if (!legacyKeyUrl.isBlank()) {
            LOG.warn("archiver.webhook.public-key-url is deprecated and will be removed in the next release: it is"
                    + " used alone now; set archiver.webhook.public-key-urls (a comma-separated list) instead");
            return legacyKeyUrl;
        }
        return keyUrls;
    }
}
