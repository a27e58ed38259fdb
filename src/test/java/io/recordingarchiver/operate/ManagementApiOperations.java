package io.recordingarchiver.operate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The HTTP operations of the management API as {@code "METHOD /path"} strings (path templates as
 * written, e.g. {@code "POST /admin/held/{deliveryId}/replay"}), read from the two places that
 * define them: {@code docs/openapi.yaml} and the {@code platform-http:} consumers of
 * {@code routes/*.yaml} (read as plain YAML with snakeyaml-engine, as
 * {@code ArchiverMetricsWiringTest} does).
 */
public final class ManagementApiOperations {

    /** The consumer URI of the public webhook route (10-intake.yaml); every other HTTP route is management. */
    public static final String WEBHOOK_URI = "platform-http:{{archiver.webhook.path}}";
    /** The engine bean that binds a platform-http route to the management server. */
    public static final String MANAGEMENT_ENGINE = "#managementHttpEngine";

    private static final Set<String> OPENAPI_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /**
     * One {@code platform-http:} consumer: where it was found, its path, its {@code platformHttpEngine}
     * (null when absent) and the methods of {@code httpMethodRestrict} (upper case; empty when absent,
     * that is every method).
     */
    public record HttpRoute(String where, String uri, String path, String engine, List<String> methods) {

        /** True for the public webhook route. */
        public boolean isWebhook() {
            return WEBHOOK_URI.equals(uri);
        }

        /** True when bound to the management server. */
        public boolean onManagementPort() {
            return MANAGEMENT_ENGINE.equals(engine);
        }

        /** {@code "METHOD /path"} per allowed method; {@code "ANY /path"} when no method is restricted. */
        public List<String> operations() {
            return methods.isEmpty() ? List.of("ANY " + path) : methods.stream().map(m -> m + " " + path).toList();
        }
    }

    private ManagementApiOperations() {
    }

    /** Every {@code "METHOD /path"} described under {@code paths} of an OpenAPI document. */
    public static Set<String> documented(Path openapi) throws IOException {
        Map<?, ?> document = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(openapi));
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<?, ?> path : ((Map<?, ?>) document.get("paths")).entrySet()) {
            for (Object method : ((Map<?, ?>) path.getValue()).keySet()) {
                if (OPENAPI_METHODS.contains(String.valueOf(method))) {
                    operations.add(String.valueOf(method).toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    /** Every {@code platform-http:} consumer in the {@code *.yaml} files of a directory, in file order. */
    public static List<HttpRoute> httpRoutes(Path routesDirectory) throws IOException {
        List<HttpRoute> routes = new ArrayList<>();
        try (Stream<Path> files = Files.list(routesDirectory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                routes.addAll(httpRoutes(file.getFileName().toString(), Files.readString(file)));
            }
        }
        return routes;
    }

    /**
     * Every {@code platform-http:} consumer in one YAML DSL text: any {@code from} below any element
     * ({@code route}, {@code routeTemplate}, ...), its options from {@code parameters} and the URI's query.
     */
    public static List<HttpRoute> httpRoutes(String fileName, String yaml) {
        List<HttpRoute> routes = new ArrayList<>();
        collect(fileName, new Load(LoadSettings.builder().build()).loadFromString(yaml), routes);
        return routes;
    }

    private static void collect(String fileName, Object node, List<HttpRoute> routes) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("from") instanceof Map<?, ?> from && from.get("uri") instanceof String uri
                    && uri.startsWith("platform-http:")) {
                routes.add(route(fileName + " route " + map.get("id"), uri, from.get("parameters")));
            }
            map.values().forEach(value -> collect(fileName, value, routes));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(fileName, item, routes));
        }
    }

    private static HttpRoute route(String where, String uri, Object parameters) {
        String rest = uri.substring("platform-http:".length());
        int query = rest.indexOf('?');
        Map<String, String> options = new LinkedHashMap<>();
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                options.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            rest = rest.substring(0, query);
        }
        if (parameters instanceof Map<?, ?> map) {
            map.forEach((k, v) -> options.put(String.valueOf(k), String.valueOf(v)));
        }
        String restrict = options.get("httpMethodRestrict");
        List<String> methods = restrict == null || restrict.isBlank() ? List.of()
                : Stream.of(restrict.split(",")).map(m -> m.trim().toUpperCase(Locale.ROOT)).filter(m -> !m.isEmpty()).toList();
        return new HttpRoute(where, uri, rest.startsWith("//") ? rest.substring(1) : rest, options.get("platformHttpEngine"), methods);
    }
}
