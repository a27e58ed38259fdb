package io.recordingarchiver.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * The things outside Maven that some tests need, where each is looked for, and how to get it. Each
 * location is a setting: a system property, else an environment variable, else the default.
 */
public enum ExternalTool {

    /** Debian's headless Chromium, for the status page test. */
    CHROMIUM("Chromium", "apt-get install -y chromium, or point ARCHIVER_TEST_CHROMIUM at a chromium binary"),
    /** A PostgreSQL server, for the shared-mode tests. */
    POSTGRES("PostgreSQL", "apt-get install -y postgresql and start it (trust auth for user postgres, database test),"
            + " or point ARCHIVER_TEST_POSTGRES_URL at one"),
    /** Prometheus' promtool, for the alert rule tests. */
    PROMTOOL("promtool", "apt-get install -y prometheus, or point ARCHIVER_TEST_PROMTOOL at a promtool binary");

    /** Default location of the test PostgreSQL: the local server, database {@code test}. */
    public static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    /** The PostgreSQL user the tests connect as (trust authentication, no password). */
    public static final String POSTGRES_USER = "postgres";

    private final String title;
    private final String howToGet;
    private volatile Optional<String> missing;

    ExternalTool(String title, String howToGet) {
        this.title = title;
        this.howToGet = howToGet;
    }

    /** The JDBC URL of the test PostgreSQL: {@code archiver.test.postgres-url} / {@code ARCHIVER_TEST_POSTGRES_URL}. */
    public static String postgresUrl() {
        return setting("archiver.test.postgres-url", "ARCHIVER_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL);
    }

    /** The Chromium binary: {@code archiver.test.chromium} / {@code ARCHIVER_TEST_CHROMIUM}, else {@code /usr/bin/chromium}, else {@code chromium} on the PATH. */
    public static Path chromium() {
        String configured = setting("archiver.test.chromium", "ARCHIVER_TEST_CHROMIUM", null);
        if (configured != null) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/bin/chromium");
        return Files.isExecutable(debian) ? debian : onPath("chromium").orElse(debian);
    }

    /** The promtool binary: {@code archiver.test.promtool} / {@code ARCHIVER_TEST_PROMTOOL}, else {@code promtool} on the PATH. */
    public static Path promtool() {
        String configured = setting("archiver.test.promtool", "ARCHIVER_TEST_PROMTOOL", null);
        return configured != null ? Path.of(configured) : onPath("promtool").orElse(Path.of("promtool"));
    }

    /** Why this tool cannot be used here, or empty when it can (looked up once per JVM). */
    public Optional<String> missing() {
        Optional<String> result = missing;
        if (result == null) {
            result = probe();
            missing = result;
        }
        return result;
    }

    /** The one line a skipped (or, under CI, failed) test gives: what is missing and how to get it. */
    public String explanation(String why) {
        return title + " not available (" + why + "): " + howToGet;
    }

    private Optional<String> probe() {
        return switch (this) {
            case CHROMIUM -> executable(chromium());
            case PROMTOOL -> executable(promtool());
            case POSTGRES -> reachable(postgresUrl());
        };
    }

    private static Optional<String> executable(Path path) {
        return Files.isExecutable(path) ? Optional.empty() : Optional.of("no executable " + path);
    }

    private static Optional<String> reachable(String url) {
        Properties props = new Properties();
        props.setProperty("user", POSTGRES_USER);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        try (Connection ignored = DriverManager.getConnection(url, props)) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("cannot connect to " + url + ": " + e.getMessage());
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
