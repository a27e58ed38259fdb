package io.recordingarchiver.operate;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code archiver.log.format} setting: {@code text} (one human-readable line per event, the
 * default) or {@code json} (one JSON object per line, Log4j 2's JSON Template Layout with the template
 * {@code log/archiver-json-layout.json}). Chosen before the first logger exists: {@link #select} puts
 * it in the system property {@code archiver.log.format} that {@code log4j2.properties} reads.
 */
public enum LogFormat {
    TEXT, JSON;

    /** The setting's name; its environment variable is {@code ARCHIVER_LOG_FORMAT}. */
    public static final String SETTING = "archiver.log.format";

    /**
     * Resolves the setting the way Camel resolves the others (a {@code -D} system property, else the
     * environment variable, else {@code application.properties}), stores it for Log4j and returns it.
     *
     * @param properties the {@code application.properties} in use, or null when there is none
     * @throws IllegalArgumentException for a value other than text or json, naming the setting
     */
    public static LogFormat select(Map<String, String> environment, Properties properties) {
        String value = System.getProperty(SETTING);
        if (value == null || value.isBlank()) {
            value = environment.get("ARCHIVER_LOG_FORMAT");
        }
        if ((value == null || value.isBlank()) && properties != null) {
            value = properties.getProperty(SETTING);
        }
        LogFormat format = parse(value);
        System.setProperty(SETTING, format.name().toLowerCase(Locale.ROOT));
        return format;
    }

    /** {@code text} or {@code json}, any case; empty means text. */
    public static LogFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return TEXT;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("the setting " + SETTING + " must be text or json, not '"
                    + value.trim() + "'");
        };
    }

    /** Reads a properties file ({@code file:} path or {@code classpath:} resource); null when it is absent. */
    public static Properties load(String location) throws IOException {
        Properties properties = new Properties();
        if (location.startsWith("file:")) {
            Path path = Path.of(location.substring("file:".length()));
            if (!Files.isRegularFile(path)) {
                return null;
            }
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            return properties;
        }
        String resource = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        try (InputStream in = LogFormat.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
