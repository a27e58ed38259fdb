package io.recordingarchiver;

import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholder function {@code {{millis:<setting>}}}: the ISO-8601 duration setting (for example
 * {@code archiver.retry.initial-delay = PT2S}) as a whole number of milliseconds, for the Camel
 * options that take milliseconds (redelivery delays, HTTP timeouts, timer periods). So every
 * setting in {@code application.properties} is written in one unit style while the routes keep
 * Camel's own option types.
 *
 * <p>Registered with the properties component by {@link ArchiverBeans} before the routes are
 * read. A missing or malformed setting stops the start with a message naming it (see
 * {@link Settings#duration(String)}, which also reads the retired {@code -ms}/{@code -seconds}
 * names with a WARN).
 */
public final class MillisFunction implements PropertiesFunction {

    /** The function's name in a placeholder: {@code {{millis:archiver.retry.initial-delay}}}. */
    public static final String NAME = "millis";

    private final Settings settings;

    MillisFunction(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String setting) {
        return String.valueOf(settings.duration(setting.trim()).toMillis());
    }
}
