package io.recordingarchiver.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class (or method) that needs something Maven does not bring: a browser, a PostgreSQL
 * server, promtool. Where it is missing the test is skipped with one line naming what is missing and
 * how to get it; when the environment variable {@code CI} is {@code true} (as under {@code .ci/run})
 * the missing tool fails the test instead, so CI never passes by skipping.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(ExternalToolCondition.class)
public @interface Requires {

    /** What the test needs. */
    ExternalTool[] value();
}
