package io.recordingarchiver;

import java.nio.file.Files;
import java.nio.file.Path;

import io.recordingarchiver.operate.LogFormat;
import org.apache.camel.main.Main;

/**
 * Starts the archiver as one standalone camel-main process.
 *
 * <p>An operator deploys the jar beside an {@code application.properties} and a {@code routes/}
 * folder and edits them; when either is missing from the working directory, the copy packaged in
 * the jar is used instead, so {@code java -jar} works anywhere.
 */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        String properties = propertiesLocation(Path.of(""));
        // before the first logger exists: log4j2.properties picks its appender from this setting
        LogFormat.select(System.getenv(), LogFormat.load(properties));
        // the beans come from ArchiverBeans alone: no scan of the package (the whole shaded jar's index) at start
        Main main = new Main();
        main.configure().addConfiguration(ArchiverBeans.class);
        main.setPropertyPlaceholderLocations(properties);
        main.configure().withRoutesIncludePattern(routesLocation(Path.of("")));
        main.run(args);
    }

    /** {@code application.properties} of the working directory, else the packaged one. */
    static String propertiesLocation(Path workingDir) {
        Path file = workingDir.resolve("application.properties");
        return Files.isRegularFile(file) ? "file:" + file.toAbsolutePath() : "classpath:application.properties";
    }

    /** The YAML routes of the working directory's {@code routes/}, else the packaged ones. */
    static String routesLocation(Path workingDir) {
        Path dir = workingDir.resolve("routes");
        return Files.isDirectory(dir) ? "file:" + dir.toAbsolutePath() + "/*.yaml" : "classpath:routes/*.yaml";
    }
}
