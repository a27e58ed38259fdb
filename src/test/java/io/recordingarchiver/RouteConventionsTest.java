package io.recordingarchiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Conventions of {@code routes/*.yaml} that nothing else would catch until production.
 */
class RouteConventionsTest {

    private static final Pattern CONTEXT_CALL = Pattern.compile("\\$\\{(camelContext|context)\\.");

    /**
     * A Simple method call on the CamelContext ({@code ${camelContext.isStopping()}}) makes Camel
     * introspect every public method of {@code DefaultCamelContext} once per route using the
     * expression while the routes are created: it was half of the start-up's CPU time (see
     * {@code archive.ShutdownSignal}). Ask a small bean instead.
     */
    @Test
    void noSimpleMethodCallOnTheCamelContext() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : routeFiles()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = CONTEXT_CALL.matcher(lines.get(i));
                if (m.find()) {
                    found.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertThat(found).as("Simple method calls on the CamelContext in the routes").isEmpty();
    }

    @Test
    void theCheckSeesACallOnTheCamelContext() {
        assertThat(CONTEXT_CALL.matcher("simple: \"${camelContext.isStopping()}\"").find())
                .isTrue();
    }

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).as("routes/*.yaml").isNotEmpty();
            return yaml;
        }
    }
}
