package io.recordingarchiver;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * The beans that bring back what would otherwise be lost: operator replays of FAILED recordings,
 * the admin API's answers, and the redelivery delay that honours the REST API's {@code retry-after}. Called by {@link ArchiverBeans} once the state store exists.
 */
final class RecoveryBeans {

    private RecoveryBeans() {
    }

    static void bind(CamelContext context, Settings settings, DataSource dataSource) {
        Registry registry = context.getRegistry();
        registry.bind("replays", new Replays(dataSource));
        registry.bind("adminAnswers", new AdminAnswers());
        registry.bind("retryAfterDelay", new RetryAfterDelay(settings.integer("archiver.retry.initial-delay-ms"),
                settings.integer("archiver.retry.max-delay-ms")));
    }
}
