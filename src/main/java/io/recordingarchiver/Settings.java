package io.recordingarchiver;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed access to the {@code archiver.*} settings of {@code application.properties}, through
 * Camel's property placeholders, so an environment variable overrides each one
 * ({@code ARCHIVER_S3_BUCKET} for {@code archiver.s3.bucket}). A missing or malformed setting stops
 * the start with a message that names it.
 *
 * <p>Durations are ISO-8601 everywhere. The settings that were written in milliseconds or seconds
 * before 0.2 are still read under their old names for one release, with a WARN, and win over the
 * new name's default when set (see {@link #RETIRED}).
 */
public final class Settings {

    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    /** A retired setting name: the duration setting it became, and the unit its number was in. */
    record Retired(String name, ChronoUnit unit) {
    }

    /** New duration setting -> its retired name (read until 0.3, with a WARN). */
    static final Map<String, Retired> RETIRED = Map.of(
            "archiver.download.connect-timeout", new Retired("archiver.download.connect-timeout-ms", ChronoUnit.MILLIS),
            "archiver.download.read-timeout", new Retired("archiver.download.read-timeout-ms", ChronoUnit.MILLIS),
            "archiver.dispatch.poll-interval", new Retired("archiver.dispatch.poll-interval-ms", ChronoUnit.MILLIS),
            "archiver.shutdown.timeout", new Retired("archiver.shutdown.timeout-seconds", ChronoUnit.SECONDS),
            "archiver.retry.initial-delay", new Retired("archiver.retry.initial-delay-ms", ChronoUnit.MILLIS),
            "archiver.retry.max-delay", new Retired("archiver.retry.max-delay-ms", ChronoUnit.MILLIS));

    /** Retired names warned about already (one WARN per name and process). */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final CamelContext context;

    public Settings(CamelContext context) {
        this.context = context;
    }

    public String get(String key) {
        return context.getPropertiesComponent().resolveProperty(key)
                .map(String::trim)
                .orElseThrow(() -> new IllegalArgumentException(
                        "the setting " + key + " is missing from application.properties"));
    }

    /** The setting's value, or empty when it is not defined anywhere (a deprecated setting kept for one release). */
    public String optional(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).orElse("");
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "a whole number");
        }
    }

    public long bytes(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "a number of bytes");
        }
    }

    public boolean bool(String key) {
        String value = get(key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid(key, "true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /**
     * An ISO-8601 duration such as {@code PT10M}; for a setting that had a retired name in
     * milliseconds or seconds, that name's value when it is set (with a WARN naming the new one).
     */
    public Duration duration(String key) {
        Retired retired = RETIRED.get(key);
        if (retired != null) {
            Optional<String> old = context.getPropertiesComponent().resolveProperty(retired.name()).map(String::trim);
            if (old.isPresent()) {
                return retired(key, retired, old.get());
            }
        }
        try {
            return Duration.parse(get(key));
        } catch (DateTimeParseException e) {
            throw invalid(key, "an ISO-8601 duration such as PT10M");
        }
    }

    private static Duration retired(String key, Retired retired, String value) {
        long amount;
        try {
            amount = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the retired setting " + retired.name() + " must be a whole number of "
                    + (retired.unit() == ChronoUnit.MILLIS ? "milliseconds" : "seconds") + ", not '" + value + "'; better, set " + key
                    + " as an ISO-8601 duration such as PT10S instead");
        }
        Duration duration = Duration.of(amount, retired.unit());
        if (WARNED.add(retired.name())) {
            LOG.warn("The setting {} is retired and will be ignored from 0.3: set {} = {} instead", retired.name(), key,
                    duration);
        }
        return duration;
    }

    private IllegalArgumentException invalid(String key, String expected) {
        return new IllegalArgumentException("the setting " + key + " must be " + expected + ", not '" + get(key) + "'");
    }
}
