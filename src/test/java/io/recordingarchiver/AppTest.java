package io.recordingarchiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
