package io.recordingarchiver.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Ties {@link ArchiverMetrics} to the YAML routes it measures: every route id and endpoint it keys
 * a metric on must exist in {@code routes/*.yaml}, consumed by a route and called by a step. A route
 * renamed in YAML fails here instead of silently flattening a dashboard.
 */
class ArchiverMetricsWiringTest {

    private static final Set<String> ROUTE_IDS = new HashSet<>();
    private static final Set<String> CONSUMED = new HashSet<>();
    private static final Set<String> CALLED = new HashSet<>();

    @BeforeAll
    static void readRoutes() throws IOException {
        Map<String, Map<String, Object>> templates = new HashMap<>();
        List<Map<String, Object>> templated = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object item : (List<?>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file))) {
                    Map<?, ?> entry = (Map<?, ?>) item;
                    if (entry.get("route") instanceof Map<?, ?> route) {
                        ROUTE_IDS.add((String) route.get("id"));
                        CONSUMED.add(normalised((String) ((Map<?, ?>) route.get("from")).get("uri")));
                    } else if (entry.get("routeTemplate") instanceof Map<?, ?> template) {
                        templates.put((String) template.get("id"), cast(template));
                    } else if (entry.get("templatedRoute") instanceof Map<?, ?> route) {
                        templated.add(cast(route));
                    }
                    collectCalls(entry);
                }
            }
        }
        for (Map<String, Object> route : templated) {
            Map<String, Object> template = templates.get((String) route.get("routeTemplateRef"));
            assertThat(template).as("the template of %s", route.get("routeId")).isNotNull();
            String uri = (String) ((Map<?, ?>) ((Map<?, ?>) template.get("route")).get("from")).get("uri");
            for (Object parameter : (List<?>) route.get("parameters")) {
                Map<?, ?> p = (Map<?, ?>) parameter;
                uri = uri.replace("{{" + p.get("name") + "}}", String.valueOf(p.get("value")));
            }
            ROUTE_IDS.add((String) route.get("routeId"));
            CONSUMED.add(normalised(uri));
        }
    }

    @Test
    void theIntakeRouteTheDeliveryCountersFollowExists() {
        assertThat(ROUTE_IDS).contains(ArchiverMetrics.INTAKE_ROUTE);
    }

    @Test
    void everyMeasuredEndpointIsARouteAndIsCalled() {
        assertThat(CONSUMED).as("endpoints consumed by a route").containsAll(ArchiverMetrics.MEASURED_ENDPOINTS);
        Set<String> calledByOurRoutes = new HashSet<>(ArchiverMetrics.MEASURED_ENDPOINTS);
        // the dead letter channel of the hook routes an operator adds (examples/), not called by ours
        calledByOurRoutes.remove(ArchiverMetrics.HOOK_FAILED);
        assertThat(CALLED).as("endpoints a step calls").containsAll(calledByOurRoutes);
    }

    @Test
    void theReaderSeesTheTemplatedExtensionPoints() {
        // a guard on the reader itself: a parser that found nothing would make the tests above vacuous
        assertThat(ROUTE_IDS).contains("on-recording-archived", "on-recording-errored", "on-archive-failed", "archive");
    }

    /** Every {@code to} step anywhere below the node, as a string or as {@code {uri: ...}}. */
    private static void collectCalls(Object node) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if ("to".equals(e.getKey())) {
                    Object to = e.getValue();
                    if (to instanceof String uri) {
                        CALLED.add(normalised(uri));
                    } else if (to instanceof Map<?, ?> step && step.get("uri") instanceof String uri) {
                        CALLED.add(normalised(uri));
                    }
                }
                collectCalls(e.getValue());
            }
        } else if (node instanceof List<?> list) {
            list.forEach(ArchiverMetricsWiringTest::collectCalls);
        }
    }

    /** {@code direct:x} as Camel names the endpoint in its events: {@code direct://x}. */
    private static String normalised(String uri) {
        int colon = uri.indexOf(':');
        return uri.startsWith("direct:") && !uri.startsWith("direct://")
                ? uri.substring(0, colon) + "://" + uri.substring(colon + 1) : uri;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
