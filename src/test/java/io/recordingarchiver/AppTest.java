package io.recordingarchiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the process takes its settings and routes from: the working directory first, else the jar. */
class AppTest {

    @TempDir
    Path dir;

    @Test
    void usesTheWorkingDirectoryCopiesWhenPresent() throws Exception {
        Files.writeString(dir.resolve("application.properties"), "archiver.http.port = 9999\n");
        Files.createDirectory(dir.resolve("routes"));

        assertThat(App.propertiesLocation(dir)).isEqualTo("file:" + dir.toAbsolutePath().resolve("application.properties"));
        assertThat(App.routesLocation(dir)).isEqualTo("file:" + dir.toAbsolutePath().resolve("routes") + "/*.yaml");
    }

    @Test
    void fallsBackToThePackagedCopiesElsewhere() {
        assertThat(App.propertiesLocation(dir)).isEqualTo("classpath:application.properties");
        assertThat(App.routesLocation(dir)).isEqualTo("classpath:routes/*.yaml");
    }

    @Test
    void thePackagedCopiesAreTheRepositorysOwn() throws Exception {
        assertThat(App.class.getResource("/application.properties")).isNotNull();
        assertThat(new String(App.class.getResourceAsStream("/application.properties").readAllBytes()))
                .isEqualTo(Files.readString(Path.of("application.properties")));
        assertThat(App.class.getResource("/routes/10-intake.yaml")).isNotNull();
    }

    /**
     * The build's packaged routes are exactly the files of {@code routes/}: the build removes the
     * output folder's copies before copying (pom.xml, {@code stale-packaged-routes}), so a route
     * file deleted or renamed since the last build does not survive into the jar without
     * {@code mvn clean}.
     */
    @Test
    void thePackagedRoutesAreExactlyTheRoutesFolder() throws Exception {
        Path packaged = Path.of(App.class.getResource("/routes").toURI());

        Map<String, String> expected = contents(Path.of("routes"));
        Map<String, String> actual = contents(packaged);
        assertThat(actual.keySet()).as("route files in %s", packaged).containsExactlyElementsOf(expected.keySet());
        assertThat(actual).isEqualTo(expected);
    }

    private static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }
}
