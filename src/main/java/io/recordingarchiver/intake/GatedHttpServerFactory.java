package io.recordingarchiver.intake;

import java.lang.reflect.Field;

import io.recordingarchiver.Ports;
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
 * {@code startServer} first installs the window. The management server is the stock one. Both
 * ports are tried before their server is built or listens ({@link Ports}).
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

    /**
     * The stock management server, after trying its port: taken, Camel's server would log a WARN and the
     * process would run on without health or metrics while its start-up summary still listed them.
     */
    @Override
    public Service newHttpManagementServer(CamelContext context, HttpManagementServerConfigurationProperties configuration) {
        Ports.requireFree(configuration.getHost(), configuration.getPort(), "management", "archiver.management.port");
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
            // Camel's server would log a WARN and go on without the intake (Ports says why)
            Ports.requireFree(configuration.getBindHost(), configuration.getPort(), "webhook", "archiver.http.port");
            super.startServer();
        }
    }
}
