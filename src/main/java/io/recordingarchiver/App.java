package io.recordingarchiver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.recordingarchiver.archive.ArchiveBeans;
import io.recordingarchiver.dispatch.DispatchBeans;
import io.recordingarchiver.intake.IntakeBeans;
import io.recordingarchiver.operate.LogFormat;
import io.recordingarchiver.operate.OperateBeans;
import io.recordingarchiver.transfer.TransferBeans;
import org.apache.camel.CamelConfiguration;
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
        // the configurations are listed, not scanned for (a scan reads the whole shaded jar's index at start)
        Main main = new Main();
        configurations().forEach(main.configure()::addConfiguration);
        main.setPropertyPlaceholderLocations(properties);
        main.configure().withRoutesIncludePattern(routesLocation(Path.of("")));
        main.run(args);
    }

    /**
     * The wiring, one configuration class per stage, in the order camel-main must run them: a stage's
     * beans are built from those of the stages listed before it. Instances, not classes: camel-main
     * would run the bean methods of a class it creates itself twice (see {@link ArchiverConfiguration}).
     */
    public static List<CamelConfiguration> configurations() {
        return List.of(new ArchiverConfiguration(), new DispatchBeans(), new ArchiveBeans(), new IntakeBeans(),
                new TransferBeans(), new OperateBeans());
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
