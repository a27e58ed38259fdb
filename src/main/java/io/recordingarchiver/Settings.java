package io.recordingarchiver;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.apache.camel.CamelContext;

/**
 * Typed access to the {@code archiver.*} settings of {@code application.properties}, through
 * Camel's property placeholders, so an environment variable overrides each one
 * ({@code ARCHIVER_S3_BUCKET} for {@code archiver.s3.bucket}). A missing or malformed setting stops
 * the start with a message that names it.
 */
final class Settings {

    private final CamelContext context;

    Settings(CamelContext context) {
        this.context = context;
    }

    String get(String key) {
        return context.getPropertiesComponent().resolveProperty(key)
                .map(String::trim)
                .orElseThrow(() -> new IllegalArgumentException(
                        "the setting " + key + " is missing from application.properties"));
    }

    /** The setting's value, or empty when it is not defined anywhere (a deprecated setting kept for one release). */
    String optional(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).orElse("");
    }

    int integer(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "a whole number");
        }
    }

    long bytes(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "a number of bytes");
        }
    }

    boolean bool(String key) {
        String value = get(key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid(key, "true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /** An ISO-8601 duration such as {@code PT10M}. */
    Duration duration(String key) {
        try {
            return Duration.parse(get(key));
        } catch (DateTimeParseException e) {
            throw invalid(key, "an ISO-8601 duration such as PT10M");
        }
    }

    private IllegalArgumentException invalid(String key, String expected) {
        return new IllegalArgumentException("the setting " + key + " must be " + expected + ", not '" + get(key) + "'");
    }
}
