package io.recordingarchiver;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The property function {@code {{millis:<setting>}}}: the ISO-8601 duration of a setting in whole
 * milliseconds, for endpoint options that take milliseconds (camel-http's {@code connectTimeout},
 * {@code responseTimeout}, {@code soTimeout} read {@code PT10S} as a malformed number). So every
 * setting stays an ISO-8601 duration and the route still gets the number it needs.
 */
final class MillisFunction implements PropertiesFunction {

    private final CamelContext context;

    MillisFunction(CamelContext context) {
        this.context = context;
    }

    @Override
    public String getName() {
        return "millis";
    }

    /**
     * @throws IllegalArgumentException naming the setting when it is missing or not an ISO-8601 duration
     */
    @Override
    public String apply(String setting) {
        String key = setting.trim();
        String value = context.getPropertiesComponent().resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalArgumentException("the setting " + key + " is missing from application.properties"));
        try {
            return Long.toString(Duration.parse(value).toMillis());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the setting " + key + " must be an ISO-8601 duration such as PT10S, not '"
                    + value + "'");
        }
    }
}
