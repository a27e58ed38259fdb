package io.recordingarchiver.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.recordingarchiver.intake.IntakeGate;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Keeps {@code docs/openapi.yaml} and the management routes in {@code routes/*.yaml} in step: every
 * {@code platform-http:} route other than the public webhook one must be bound to the management
 * server, and each of its methods and its path described; every described operation must be a
 * route, or one of Camel's {@code /observe/*} endpoints (health and metrics, served by camel-main
 * on the management server: application.properties, {@code archiver.management.port}).
 */
class OpenApiRoutesDriftTest {

    private static final Path OPENAPI = Path.of("docs/openapi.yaml");
    private static final Path ROUTES = Path.of("routes");

    @Test
    void everyManagementRouteIsDescribedAndEveryDescribedPathIsServed() throws IOException {
        List<String> drift = drift(ManagementApiOperations.httpRoutes(ROUTES), ManagementApiOperations.documented(OPENAPI));

        assertThat(drift).as("differences between routes/*.yaml and docs/openapi.yaml").isEmpty();
    }

    @Test
    void theReaderSeesTheManagementRoutesAndTheWebhookRoute() throws IOException {
        // a guard on the reader itself: one that found nothing would make the test above pass vacuously
        List<ManagementApiOperations.HttpRoute> routes = ManagementApiOperations.httpRoutes(ROUTES);
        assertThat(routes).filteredOn(ManagementApiOperations.HttpRoute::isWebhook).hasSize(1);
        assertThat(routes).flatExtracting(ManagementApiOperations.HttpRoute::operations)
                .contains("GET /held", "POST /admin/held/replay", "POST /admin/held/{deliveryId}/replay", "GET /");
        assertThat(ManagementApiOperations.documented(OPENAPI)).contains("GET /observe/metrics", "GET /held");
    }

    @Test
    void aRouteAddedWithoutDescriptionIsReported() throws IOException {
        List<ManagementApiOperations.HttpRoute> routes = new ArrayList<>(ManagementApiOperations.httpRoutes(ROUTES));
        routes.addAll(ManagementApiOperations.httpRoutes("99-new.yaml", """
                - route:
                    id: status-new
                    from:
                      uri: "platform-http:/held/{deliveryId}"
                      parameters:
                        httpMethodRestrict: GET,DELETE
                        platformHttpEngine: "#managementHttpEngine"
                      steps:
                        - to: direct:status-answer
                """));

        assertThat(drift(routes, ManagementApiOperations.documented(OPENAPI))).containsExactly(
                "99-new.yaml route status-new: GET /held/{deliveryId} is not described in docs/openapi.yaml",
                "99-new.yaml route status-new: DELETE /held/{deliveryId} is not described in docs/openapi.yaml");
    }

    @Test
    void aNewMethodOnADescribedPathIsReported() throws IOException {
        List<ManagementApiOperations.HttpRoute> routes = new ArrayList<>(ManagementApiOperations.httpRoutes(ROUTES));
        routes.addAll(ManagementApiOperations.httpRoutes("99-new.yaml", """
                - route:
                    id: delete-held
                    from:
                      uri: "platform-http:/held?httpMethodRestrict=DELETE&platformHttpEngine=%23managementHttpEngine"
                      steps:
                        - to: direct:status-answer
                """.replace("%23", "#")));

        assertThat(drift(routes, ManagementApiOperations.documented(OPENAPI)))
                .containsExactly("99-new.yaml route delete-held: DELETE /held is not described in docs/openapi.yaml");
    }

    @Test
    void aRouteOnThePublicPortOrWithoutAMethodIsReported() throws IOException {
        List<ManagementApiOperations.HttpRoute> routes = new ArrayList<>(ManagementApiOperations.httpRoutes(ROUTES));
        routes.addAll(ManagementApiOperations.httpRoutes("99-new.yaml", """
                - route:
                    id: public-held
                    from:
                      uri: "platform-http:/held"
                      parameters:
                        httpMethodRestrict: GET
                      steps:
                        - to: direct:status-answer
                - route:
                    id: any-method
                    from:
                      uri: "platform-http:/recordings"
                      parameters:
                        platformHttpEngine: "#managementHttpEngine"
                      steps:
                        - to: direct:status-answer
                """));

        assertThat(drift(routes, ManagementApiOperations.documented(OPENAPI))).containsExactly(
                "99-new.yaml route public-held: not bound to the management server (platformHttpEngine: "
                        + "\"#managementHttpEngine\"), so it would answer on the public webhook port",
                "99-new.yaml route any-method: ANY /recordings is not described in docs/openapi.yaml");
    }

    @Test
    void aDescribedPathWithoutARouteIsReported() throws IOException {
        Set<String> documented = new TreeSet<>(ManagementApiOperations.documented(OPENAPI));
        documented.add("GET /held/{deliveryId}");
        documented.add("POST /observe/anything");

        assertThat(drift(ManagementApiOperations.httpRoutes(ROUTES), documented))
                .containsExactly("docs/openapi.yaml: GET /held/{deliveryId} has no route in routes/*.yaml");
    }

    @Test
    void theHeldReasonCodesAreTheOnesTheIntakeGives() throws IOException {
        Map<?, ?> document = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(OPENAPI));
        Map<?, ?> schema = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) document.get("components")).get("schemas")).get("HeldReasonCode");

        assertThat(((List<?>) schema.get("enum")).stream().map(String::valueOf).toList())
                .containsExactlyInAnyOrderElementsOf(IntakeGate.HELD_REASONS);
    }

    /**
     * Each difference as one sentence: a management route (not the webhook one) not bound to the
     * management server, a route operation not described, a described operation not served (those
     * under {@code /observe/} are Camel's own and have no route).
     */
    static List<String> drift(List<ManagementApiOperations.HttpRoute> routes, Set<String> documented) {
        List<String> drift = new ArrayList<>();
        Set<String> served = new TreeSet<>();
        for (ManagementApiOperations.HttpRoute route : routes) {
            if (route.isWebhook()) {
                continue;
            }
            if (!route.onManagementPort()) {
                drift.add(route.where() + ": not bound to the management server (platformHttpEngine: \""
                        + ManagementApiOperations.MANAGEMENT_ENGINE + "\"), so it would answer on the public webhook port");
                continue;
            }
            for (String operation : route.operations()) {
                served.add(operation);
                if (!documented.contains(operation)) {
                    drift.add(route.where() + ": " + operation + " is not described in docs/openapi.yaml");
                }
            }
        }
        for (String operation : documented) {
            if (!served.contains(operation) && !operation.substring(operation.indexOf(' ') + 1).startsWith("/observe/")) {
                drift.add("docs/openapi.yaml: " + operation + " has no route in routes/*.yaml");
            }
        }
        return drift;
    }
}
