package io.recordingarchiver.intake;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;

/**
 * camel-main's public HTTP server ({@code camel.server.*}) with the {@link IntakeWindow} installed
 * on its router <b>before</b> the port starts listening, so no request can ever reach the router
 * without it (issue 10). camel-main takes a {@link MainHttpServerFactory} bound in the registry
 * before its own (the first thing it looks for); this one lets the stock factory build and configure the server (every
 * {@code camel.server.*} setting), then has it run a {@link VertxPlatformHttpServer} whose
 * {@code startServer} first installs the window. The management server is the stock one.
 *
 * <p>Camel 4.18.0's {@link MainHttpServer} creates its Vert.x server in {@code doInit} into a
 * private field with no hook between router creation and {@code listen}; this class sets that
 * field (checked at start: a Camel upgrade that renames it stops the start with a clear message,
 * and {@code StartStopWindowIT} covers the behaviour).
 */
public final class GatedHttpServerFactory implements MainHttpServerFactory, CamelContextAware {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GatedHttpServerFactory.class);

    private final DefaultMainHttpServerFactory stock = new DefaultMainHttpServerFactory();
    private CamelContext camelContext;

    /**
     * Bound by {@code camel.beans.gatedHttpServerFactory} in {@code application.properties}: camel-main
     * binds such beans before it builds its HTTP servers (a bean bound by a {@code CamelConfiguration}
     * comes too late). The webhook path is read from {@code archiver.webhook.path} when the server is built.
     */
    public GatedHttpServerFactory() {
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        CamelContextAware.trySetCamelContext(stock, camelContext);
    }

    @Override
    public Service newHttpServer(CamelContext context, HttpServerConfigurationProperties configuration) {
        MainHttpServer configured = (MainHttpServer) stock.newHttpServer(context, configuration);
        String webhookPath = context.resolvePropertyPlaceholders("{{archiver.webhook.path}}").trim();
        GatedMainHttpServer gated = new GatedMainHttpServer(new IntakeWindow(context, webhookPath));
        gated.setCamelContext(context);
        gated.setConfiguration(configured.getConfiguration());
        return gated;
    }

    @Override
    public Service newHttpManagementServer(CamelContext context, HttpManagementServerConfigurationProperties configuration) {
        return stock.newHttpManagementServer(context, configuration);
    }

    /** The stock main server, running a Vert.x server that installs the window before it listens. */
    static final class GatedMainHttpServer extends MainHttpServer {

        private final IntakeWindow window;

        GatedMainHttpServer(IntakeWindow window) {
            this.window = window;
        }

        @Override
        protected void doInit() throws Exception {
            VertxPlatformHttpServerConfiguration configuration = getConfiguration();
            configuration.setServerType("server");
            VertxPlatformHttpServer server = new WindowedServer(configuration, window);
            try {
                Field field = MainHttpServer.class.getDeclaredField("server");
                field.setAccessible(true);
                field.set(this, server);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot install the intake's start-up/shutdown window on this Camel"
                        + " version's MainHttpServer (field 'server'): " + e, e);
            }
            getCamelContext().addService(server);
        }
    }

    /** Installs the window on its own router between creating it and listening. */
    static final class WindowedServer extends VertxPlatformHttpServer {

        private final VertxPlatformHttpServerConfiguration configuration;
        private final IntakeWindow window;

        WindowedServer(VertxPlatformHttpServerConfiguration configuration, IntakeWindow window) {
            super(configuration);
            this.configuration = configuration;
            this.window = window;
        }

        @Override
        protected void startServer() throws Exception {
            VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                    VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
            if (router == null) {
                throw new IllegalStateException("the public HTTP router is not bound; cannot install the intake window");
            }
            window.install(router);
            LOG.info("The webhook path {} answers 503 with Retry-After until every route has started, and again from"
                    + " the start of a shutdown until the port closes", window.webhookPath());
            requirePortFree(configuration.getBindHost(), configuration.getPort());
            super.startServer();
        }

        /**
         * Camel's server logs a WARN and goes on when its port cannot be opened, and the process then
         * runs without its intake (never healthy; seen in the chaos soak when a killed instance still
         * held the port): try the port first and stop the start with a message that names it.
         */
        static void requirePortFree(String host, int port) {
            if (port <= 0) {
                return;
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(host == null || host.isBlank() ? "0.0.0.0" : host, port));
            } catch (IOException e) {
                throw new IllegalStateException("The webhook port " + port + " (archiver.http.port) could not be opened: "
                        + e.getMessage() + " (another process holds it, or the address is not this host's); stopping"
                        + " instead of running without the webhook intake", e);
            }
        }
    }
}
