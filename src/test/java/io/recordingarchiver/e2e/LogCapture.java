package io.recordingarchiver.e2e;

import java.io.StringWriter;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything the archiver logs, as operators would see it (the levels of log4j2.properties), with
 * every exception's message and stack trace: attached to the root logger, so each logger that
 * propagates to it is captured.
 */
final class LogCapture {

    private final StringWriter output = new StringWriter();

    private LogCapture() {
    }

    /** Starts capturing now. */
    static LogCapture attach() {
        LogCapture capture = new LogCapture();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder()
                .setName("log-capture-" + System.identityHashCode(capture))
                .setTarget(capture.output)
                .setLayout(PatternLayout.newBuilder().withConfiguration(configuration)
                        .withPattern("%level %logger - %msg%n%throwable").build())
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
