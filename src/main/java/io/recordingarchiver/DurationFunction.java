package io.recordingarchiver;

import java.time.Duration;
import java.util.function.ToLongFunction;

import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholder function {@code {{millis:<setting>}}}: an ISO-8601 duration setting (for example
 * {@code archiver.retry.initial-delay = PT2S}) as a whole number of milliseconds, for the Camel
 * options that take numbers (redelivery delays, camel-http timeouts, timer periods; they read
 * {@code PT10S} as a malformed number). So every setting in {@code application.properties}
 * is written in one unit style while the routes keep Camel's own option types.
 *
 * <p>Registered with the properties component by {@link ArchiverConfiguration} before the routes are read
 * (camel-main's own {@code camel.main.*} settings are bound earlier, so they cannot use it).
 * A missing or malformed setting stops the start with a message naming it; the retired
 * {@code -ms}/{@code -seconds} names are still read, with a WARN (see {@link Settings#duration(String)}).
 */
public final class DurationFunction implements PropertiesFunction {

    private final String name;
    private final Settings settings;
    private final ToLongFunction<Duration> unit;

    private DurationFunction(String name, Settings settings, ToLongFunction<Duration> unit) {
        this.name = name;
        this.settings = settings;
        this.unit = unit;
    }

    /** {@code {{millis:<setting>}}}: the setting in whole milliseconds. */
    static DurationFunction millis(Settings settings) {
        return new DurationFunction("millis", settings, Duration::toMillis);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String apply(String setting) {
        return String.valueOf(unit.applyAsLong(settings.duration(setting.trim())));
    }
}
