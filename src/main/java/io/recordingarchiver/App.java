package io.recordingarchiver;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.recordingarchiver.archive.ArchiveBeans;
import io.recordingarchiver.dispatch.DispatchBeans;
import io.recordingarchiver.intake.IntakeBeans;
import io.recordingarchiver.operate.LogFormat;
import io.recordingarchiver.operate.OperateBeans;
import io.recordingarchiver.transfer.StoreBeans;
import io.recordingarchiver.transfer.TransferBeans;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Starts the archiver as one standalone camel-main process.
 *
 * <p>An operator deploys the jar beside an {@code application.properties} and a {@code routes/}
 * folder and edits them; when either is missing from the working directory, the copy packaged in
 * the jar is used instead, so {@code java -jar} works anywhere.
 *
 * <p>A start whose environment variables or {@code -D} options name an {@code archiver.*} setting that
 * does not exist (misspelt) stops before Camel starts, with one ERROR naming it, where it came from and
 * the closest setting ({@link UnknownSettings}), and exit status 1. Any other start that fails (a
 * setting refused, a port taken, a route that does not load) logs one ERROR with the innermost cause
 * and exits with status 1 too, instead of leaving a process that runs without serving.
 */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        boundTemporaryDirectBuffers(System.getProperties());
        String properties = propertiesLocation(Path.of(""));
        Properties settings = LogFormat.load(properties);
        // the operator's, taken before the archiver sets one of its own (archiver.log.format, just below)
        Properties supplied = new Properties();
        supplied.putAll(System.getProperties());
        // before the first logger exists: log4j2.properties picks its appender from this setting
        LogFormat.select(System.getenv(), settings);
        // after it: the check's classes have loggers (Settings)
        Optional<String> unknown = unknownSettings(properties, settings, System.getenv(), supplied);
        if (unknown.isPresent()) {
            LoggerFactory.getLogger(App.class).error(unknown.get());
            System.exit(1);
        }
        // the configurations are listed, not scanned for (a scan reads the whole shaded jar's index at start)
        Main main = new Main();
        configurations().forEach(main.configure()::addConfiguration);
        main.setPropertyPlaceholderLocations(properties);
        main.configure().withRoutesIncludePattern(routesLocation(Path.of("")));
        try {
            main.run(args);
        } catch (Exception | LinkageError failed) {
            // a setting refused while the beans are built, a route that does not load: without this the
            // exception left main() and the threads already started (embedded S3 store, HTTP servers)
            // kept the JVM running, not listening, until someone killed it
            LoggerFactory.getLogger(App.class).error("The archiver did not start: {}", reason(failed), failed);
            System.exit(1);
        }
    }

    /**
     * What an operator has to fix, as class and message: the innermost {@link IllegalArgumentException}
     * or {@link IllegalStateException} of the causes (the archiver's own "archiver.x must be ..." and "the
     * port ... could not be opened", which name the setting), else the innermost cause (Camel wraps
     * everything in reflection and runtime exceptions).
     */
    static String reason(Throwable failed) {
        Throwable innermost = failed;
        Throwable own = null;
        for (Throwable t = failed; t != null; t = t.getCause() == t ? null : t.getCause()) {
            innermost = t;
            if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
                own = t;
            }
        }
        Throwable chosen = own != null ? own : innermost;
        return chosen.getClass().getSimpleName() + ": " + chosen.getMessage();
    }

    /** The settings file packaged in the jar, the fallback of {@link #propertiesLocation}. */
    static final String PACKAGED_PROPERTIES = "classpath:application.properties";

    /**
     * The message that stops the start when the environment or the system properties name an
     * {@code archiver.*} setting that neither the settings file in use nor the packaged one defines
     * (a misspelt name, rule in {@link UnknownSettings}); empty when every one is known.
     *
     * @param location where {@code settings} was read from ({@link #propertiesLocation})
     * @param settings that file, or null when it could not be read
     */
    static Optional<String> unknownSettings(String location, Properties settings, Map<String, String> environment,
            Properties systemProperties) throws IOException {
        Properties packaged = location.equals(PACKAGED_PROPERTIES) ? settings : LogFormat.load(PACKAGED_PROPERTIES);
        return UnknownSettings.definedIn(settings, packaged).check(environment, systemProperties);
    }

    /** The JDK property that caps the size of the temporary direct buffers each thread keeps. */
    static final String MAX_CACHED_BUFFER_SIZE = "jdk.nio.maxCachedBufferSize";

    /**
     * Keeps the JDK from caching large temporary direct buffers per thread, unless the operator set
     * {@value #MAX_CACHED_BUFFER_SIZE} already. A write of a heap buffer to a file or socket goes through a
     * temporary direct buffer of the same size that the JDK then keeps for the thread, without limit by
     * default: H2 writes its pages in chunks of several MiB from whichever of the 20 Vert.x worker
     * threads commits a delivery, so under a burst each worker kept a 3.3 MiB direct buffer until the
     * direct memory limit (the heap's size by default, 64 MB under {@code bin/archiver}) was spent and
     * every later delivery was answered 503 ("Cannot reserve 3461120 bytes of direct buffer memory",
     * bench section 4 at 1,000 deliveries/s). Buffers above 256 KiB are now freed after each use.
     * Set here, before any file or socket channel is used (the JDK reads it once, on first use).
     */
    static void boundTemporaryDirectBuffers(Properties system) {
        if (system.getProperty(MAX_CACHED_BUFFER_SIZE) == null) {
            system.setProperty(MAX_CACHED_BUFFER_SIZE, String.valueOf(256 * 1024));
        }
    }

    /**
     * The wiring, one configuration class per stage, in the order camel-main must run them: a stage's
     * beans are built from those of the stages listed before it. {@link StoreBeans} comes second: it
     * only starts building the bucket's client on a thread of its own, beside the rest of the start. Instances, not classes: camel-main
     * would run the bean methods of a class it creates itself twice (see {@link ArchiverConfiguration}).
     */
    public static List<CamelConfiguration> configurations() {
        return List.of(new ArchiverConfiguration(), new StoreBeans(), new DispatchBeans(), new ArchiveBeans(), new IntakeBeans(),
                new TransferBeans(), new OperateBeans());
    }

    /** {@code application.properties} of the working directory, else the packaged one. */
    static String propertiesLocation(Path workingDir) {
        Path file = workingDir.resolve("application.properties");
        return Files.isRegularFile(file) ? "file:" + file.toAbsolutePath() : PACKAGED_PROPERTIES;
    }

    /**
     * The YAML routes of the working directory's {@code routes/}, else the packaged ones, each named
     * ({@code classpath:routes/10-intake.yaml,...}). Named, not a {@code classpath:routes/*.yaml}
     * pattern: Camel resolves a classpath pattern by walking every entry of the shaded jar (some
     * 37,000), and does so twice at start; measured on {@code bin/archiver}, that was about 2 of 4.5
     * CPU-seconds of a start. The pattern stays as the fallback when the packaged routes cannot be listed.
     */
    static String routesLocation(Path workingDir) {
        Path dir = workingDir.resolve("routes");
        if (Files.isDirectory(dir)) {
            return "file:" + dir.toAbsolutePath() + "/*.yaml";
        }
        List<String> packaged = packagedRoutes(codeSource());
        return packaged.isEmpty() ? "classpath:routes/*.yaml"
                : packaged.stream().map(name -> "classpath:" + name).collect(Collectors.joining(","));
    }

    /**
     * The {@code routes/*.yaml} entries of a jar or a class folder, sorted ({@code routes/10-intake.yaml});
     * empty when there are none or they cannot be read.
     */
    static List<String> packagedRoutes(Path codeSource) {
        try {
            if (codeSource == null) {
                return List.of();
            }
            if (Files.isDirectory(codeSource)) {
                Path dir = codeSource.resolve("routes");
                if (!Files.isDirectory(dir)) {
                    return List.of();
                }
                try (Stream<Path> files = Files.list(dir)) {
                    return files.map(f -> "routes/" + f.getFileName()).filter(n -> ROUTE.matcher(n).matches()).sorted()
                            .toList();
                }
            }
            try (JarFile jar = new JarFile(codeSource.toFile())) {
                return jar.stream().map(JarEntry::getName).filter(n -> ROUTE.matcher(n).matches()).sorted().toList();
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static final Pattern ROUTE = Pattern.compile("routes/[^/]+\\.yaml");

    /** The jar (or class folder) this class was loaded from, or null when the JVM does not say. */
    private static Path codeSource() {
        try {
            CodeSource source = App.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
