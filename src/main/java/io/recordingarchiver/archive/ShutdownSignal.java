package io.recordingarchiver.archive;

import org.apache.camel.CamelContext;

/**
 * Tells the archive route's error handler whether this process is stopping, so a transfer that
 * failed because the shutdown interrupted it goes back to the queue instead of counting as a failed
 * attempt. Bound as {@code shutdownSignal}; the route asks {@code ${bean:shutdownSignal?method=stopping}}.
 *
 * <p>Why a bean and not {@code ${camelContext.isStopping()}} in the route: Simple's method call on
 * the CamelContext makes Camel introspect every public method of {@code DefaultCamelContext} (its
 * {@code BeanInfo}, several hundred methods over dozens of interfaces) once per route that uses the
 * error handler, while the routes are created. Measured with JFR and the process's CPU time on
 * {@code bin/archiver}: about 2.7 of 5.2 CPU-seconds of every start-up went there.
 */
public final class ShutdownSignal {

    private final CamelContext context;

    public ShutdownSignal(CamelContext context) {
        this.context = context;
    }

    /** True from the moment the Camel context begins to stop (SIGTERM, or a stop from code). */
    public boolean stopping() {
        return context.isStopping();
    }
}
