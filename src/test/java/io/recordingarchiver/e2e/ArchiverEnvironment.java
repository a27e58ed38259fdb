package io.recordingarchiver.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.recordingarchiver.UnknownSettings;
import io.recordingarchiver.testkit.RealtimeKitStandIn;

/**
 * What an end-to-end test runs the real archiver against: a RealtimeKit stand-in on a real socket,
 * free ports, a fresh data directory (embedded H2 and the embedded s3proxy store) and the settings
 * that point the archiver at them, applied as system properties, which override
 * {@code application.properties} exactly as environment variables do in production.
 */
public final class ArchiverEnvironment implements AutoCloseable {

    /** The check the packaged archiver makes at start, against the repository's settings file. */
    private static final UnknownSettings KNOWN = UnknownSettings.definedIn(repositorySettings());

    private static Properties repositorySettings() {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("application.properties"))) {
            file.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public final RealtimeKitStandIn rtk;
    public final Path dataDir;
    public final int httpPort = freePort();
    public final int managementPort = freePort();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final boolean ownsStandIn;

    public ArchiverEnvironment() {
        this(new RealtimeKitStandIn(), Map.of(), true);
    }

    private ArchiverEnvironment(RealtimeKitStandIn rtk, Map<String, String> shared, boolean ownsStandIn) {
        this.rtk = rtk;
        this.ownsStandIn = ownsStandIn;
        try {
            dataDir = Files.createTempDirectory("archiver-e2e");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        settings.put("archiver.webhook.public-key", rtk.publicKeyPem());
        settings.put("archiver.realtimekit.api-base-url", rtk.apiBaseUrl());
        settings.put("archiver.realtimekit.account-id", rtk.accountId());
        settings.put("archiver.realtimekit.app-id", rtk.appId());
        settings.put("archiver.realtimekit.api-token", rtk.apiToken());
        settings.put("archiver.s3.part-size", String.valueOf(5 * 1024 * 1024));
        settings.put("archiver.dispatch.poll-interval", "PT0.1S");
        settings.put("archiver.retry.max-redeliveries", "2");
        settings.put("archiver.retry.initial-delay", "PT0.1S");
        settings.put("archiver.retry.max-delay", "PT0.5S");
        // the stand-in serves files on http://127.0.0.1; SSRF tests set these back to the defaults
        settings.put("archiver.download.require-https", "false");
        settings.put("archiver.download.allow-private-networks", "true");
        // another process's settings win over the defaults above (not its ports and data directory)
        settings.putAll(shared);
        settings.put("archiver.http.port", String.valueOf(httpPort));
        settings.put("archiver.management.port", String.valueOf(managementPort));
        settings.put("archiver.data-dir", dataDir.toString());
    }

    /**
     * Overrides one more setting; call before {@link #apply()}.
     *
     * @throws IllegalArgumentException for a name {@code application.properties} does not define (the
     *         packaged archiver refuses to start with it, and an in-process one would ignore it)
     */
    public ArchiverEnvironment with(String key, String value) {
        Properties asSystemProperty = new Properties();
        asSystemProperty.setProperty(key, value);
        KNOWN.check(Map.of(), asSystemProperty).ifPresent(unknown -> {
            throw new IllegalArgumentException(unknown);
        });
        settings.put(key, value);
        return this;
    }

    /**
     * The environment of one more archiver process beside this one: the same stand-in and settings
     * (so the same database and bucket when those are set), its own ports and data directory.
     * Closing it leaves the stand-in running.
     */
    public ArchiverEnvironment forAnotherProcess() {
        return new ArchiverEnvironment(rtk, settings, false);
    }

    /** Makes the settings visible to the archiver about to start in this JVM. */
    public ArchiverEnvironment apply() {
        settings.forEach(System::setProperty);
        return this;
    }

    /** The settings, for an archiver started as a separate process ({@code -Dkey=value}). */
    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    public URI webhookUrl() {
        return URI.create("http://127.0.0.1:" + httpPort + "/webhooks/realtimekit");
    }

    @Override
    public void close() {
        settings.keySet().forEach(System::clearProperty);
        if (ownsStandIn) {
            rtk.close();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
