package io.recordingarchiver.operate;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * A platform-http engine whose consumers attach to camel-main's management server
 * ({@code camel.management.port}) instead of the public one ({@code camel.server.port}).
 *
 * <p>camel-main runs two Vert.x servers and registers each one's router under the name
 * {@code platform-http-router-<port>}; the stock engine picks the router of the public server's port.
 * This engine answers the management port instead, so a route written as
 * {@code platform-http:/recordings?platformHttpEngine=#managementHttpEngine} is served next to
 * {@code /observe/health} and {@code /observe/metrics} and never on the webhook port. Unlike the stock
 * engine it does not bind itself as the context's default {@code platform-http-engine}.
 */
public class ManagementHttpEngine extends VertxPlatformHttpEngine {

    private final int managementPort;

    public ManagementHttpEngine(int managementPort) {
        if (managementPort <= 0) {
            throw new IllegalArgumentException("archiver.management.port must be a fixed port, not " + managementPort);
        }
        this.managementPort = managementPort;
    }

    @Override
    protected void doInit() {
        // the stock engine binds itself as the default engine here; this one must never replace it
    }

    @Override
    public int getServerPort() {
        return managementPort;
    }
}
