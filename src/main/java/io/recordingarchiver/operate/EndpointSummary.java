package io.recordingarchiver.operate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs, once the routes have started, one line per HTTP port with every endpoint that port really
 * serves, e.g. {@code Public port 8080 serves: POST /webhooks/realtimekit}. It replaces camel-main's
 * own "HTTP endpoints summary", which lists every platform-http route under the public port, the
 * management routes (bound through {@link ManagementHttpEngine}) included.
 */
public final class EndpointSummary implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointSummary.class);

    private final int publicPort;
    private final int managementPort;

    /** Ports as configured: {@code archiver.http.port} and {@code archiver.management.port}. */
    public EndpointSummary(int publicPort, int managementPort) {
        this.publicPort = publicPort;
        this.managementPort = managementPort;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // only once the routes' consumers are registered: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        lines(context).forEach(LOG::info);
    }

    /** The summary: one line per port, the public port first, endpoints as {@code VERBS path} sorted by path. */
    public List<String> lines(CamelContext context) {
        PlatformHttpComponent component = context.hasComponent("platform-http") instanceof PlatformHttpComponent c
                ? c : null;
        Map<Boolean, Set<String>> byPort = new TreeMap<>();
        byPort.put(false, new TreeSet<>());
        byPort.put(true, new TreeSet<>());
        if (component != null) {
            for (HttpEndpointModel endpoint : component.getHttpEndpoints()) {
                byPort.get(onManagementPort(endpoint.getConsumer())).add(describe(endpoint));
            }
            for (HttpEndpointModel endpoint : component.getHttpManagementEndpoints()) {
                byPort.get(true).add(describe(endpoint));
            }
        }
        return List.of(
                "Public port " + publicPort + " serves: " + joined(byPort.get(false)),
                "Management port " + managementPort + " serves: " + joined(byPort.get(true)));
    }

    private static boolean onManagementPort(Consumer consumer) {
        return consumer != null && consumer.getEndpoint() instanceof PlatformHttpEndpoint endpoint
                && endpoint.getPlatformHttpEngine() instanceof ManagementHttpEngine;
    }

    private static String describe(HttpEndpointModel endpoint) {
        String verbs = endpoint.getVerbs() == null || endpoint.getVerbs().isBlank() ? "ANY" : endpoint.getVerbs();
        return endpoint.getUri() + " (" + verbs + ")";
    }

    private static String joined(Set<String> endpoints) {
        return endpoints.isEmpty() ? "nothing" : String.join(", ", endpoints);
    }
}
