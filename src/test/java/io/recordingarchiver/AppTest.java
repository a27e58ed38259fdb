package io.recordingarchiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
    void fallsBackToThePackagedCopiesElsewhereEachNamed() throws Exception {
        assertThat(App.propertiesLocation(dir)).isEqualTo("classpath:application.properties");
        List<String> expected;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            expected = files.map(f -> "classpath:routes/" + f.getFileName()).filter(n -> n.endsWith(".yaml")).sorted()
                    .toList();
        }
        assertThat(expected).isNotEmpty();
        assertThat(App.routesLocation(dir)).as("no classpath pattern: Camel would walk the whole jar")
                .isEqualTo(String.join(",", expected));
    }

    @Test
    void listsTheRoutesOfAJarWithoutItsOtherEntries() throws Exception {
        Path jar = dir.resolve("archiver.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("routes/", "routes/20-b.yaml", "routes/10-a.yaml", "routes/notes.txt",
                    "routes/sub/30-c.yaml", "other/40-d.yaml", "io/recordingarchiver/App.class")) {
                out.putNextEntry(new JarEntry(name));
                out.closeEntry();
            }
        }

        assertThat(App.packagedRoutes(jar)).containsExactly("routes/10-a.yaml", "routes/20-b.yaml");
    }

    @Test
    void listsNothingWhereThereAreNoRoutes() throws Exception {
        assertThat(App.packagedRoutes(dir)).as("a class folder without routes/").isEmpty();
        assertThat(App.packagedRoutes(dir.resolve("missing.jar"))).as("an unreadable jar").isEmpty();
        assertThat(App.packagedRoutes(null)).as("no code source").isEmpty();
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

    @Test
    void temporaryDirectBuffersAreBoundedUnlessTheOperatorSaidOtherwise() {
        java.util.Properties unset = new java.util.Properties();
        App.boundTemporaryDirectBuffers(unset);
        assertThat(unset.getProperty(App.MAX_CACHED_BUFFER_SIZE)).isEqualTo("262144");

        java.util.Properties set = new java.util.Properties();
        set.setProperty(App.MAX_CACHED_BUFFER_SIZE, "1048576");
        App.boundTemporaryDirectBuffers(set);
        assertThat(set.getProperty(App.MAX_CACHED_BUFFER_SIZE)).as("the operator's value").isEqualTo("1048576");
    }

    @Test
    void aFailedStartIsExplainedByTheArchiversOwnMessageInsideCamelsWrappers() {
        Exception bind = new java.net.BindException("Address already in use");
        Exception own = new IllegalStateException("The management port 8081 (archiver.management.port) could not be opened",
                bind);
        assertThat(App.reason(new org.apache.camel.RuntimeCamelException(new java.lang.reflect.InvocationTargetException(
                own)))).isEqualTo("IllegalStateException: The management port 8081 (archiver.management.port) could not"
                        + " be opened");
        assertThat(App.reason(new org.apache.camel.RuntimeCamelException(bind)))
                .as("no message of the archiver's own: the innermost cause").isEqualTo("BindException: Address already in use");
    }
}
