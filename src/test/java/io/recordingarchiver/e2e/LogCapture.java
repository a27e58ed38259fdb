package io.recordingarchiver.e2e;

import java.io.Serializable;
import java.io.StringWriter;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything the archiver logs, as operators would see it (the levels of log4j2.properties), with
 * every exception's message and stack trace: attached to the root logger, so each logger that
 * propagates to it is captured. {@link #attach(String)} captures through the layout of one of
 * log4j2.properties' own appenders ({@code text} or {@code json}), exactly as that format writes it.
 */
final class LogCapture {

    private final StringWriter output = new StringWriter();

    private LogCapture() {
    }

    /** Starts capturing now. */
    static LogCapture attach() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        return attach(PatternLayout.newBuilder().withConfiguration(context.getConfiguration())
                .withPattern("%level %logger - %msg%n%throwable").build());
    }

    /** Starts capturing now, written by the layout of log4j2.properties' appender of that name ({@code text}, {@code json}). */
    static LogCapture attach(String configuredAppender) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Appender configured = context.getConfiguration().getAppender(configuredAppender);
        if (configured == null) {
            throw new IllegalStateException("log4j2.properties has no appender " + configuredAppender);
        }
        return attach(configured.getLayout());
    }

    private static LogCapture attach(Layout<? extends Serializable> layout) {
        LogCapture capture = new LogCapture();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder()
                .setName("log-capture-" + System.identityHashCode(capture))
                .setTarget(capture.output)
                .setLayout(layout)
                .build();
        appender.start();
        configuration.getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        return capture;
    }

    /** What was logged so far. */
    String text() {
        synchronized (output) {
            return output.toString();
        }
    }
}
