package io.recordingarchiver;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * The beans of the management port: the engine that puts routes on it, the status API and its
 * queries. Called by {@link ArchiverBeans} once the state store, the bucket and the signature check exist.
 */
final class OperationsBeans {

    private OperationsBeans() {
    }

    static void bind(CamelContext context, Settings settings, DataSource dataSource, Transfers transfers) {
        Registry registry = context.getRegistry();
        registry.bind("managementHttpEngine", new ManagementHttpEngine(settings.integer("archiver.management.port")));
        RecordingQueries queries = new RecordingQueries(dataSource);
        registry.bind("recordingQueries", queries);
        registry.bind("transfers", transfers);
        registry.bind("statusApi", new StatusApi(queries, transfers));
    }
}
