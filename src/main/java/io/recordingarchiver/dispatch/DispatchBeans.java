package io.recordingarchiver.dispatch;

import javax.sql.DataSource;

import io.recordingarchiver.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store: its connection pool (with the schema created), the inbox and the recording
 * ledger. The first stage wired (see {@code ArchiverConfiguration} for how camel-main runs this class).
 */
public class DispatchBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchBeans.class);

    /**
     * One pooled connection per dispatch worker, and six for timers, intake and the management port;
     * waits up to {@code archiver.db.start-timeout} for the database at start ({@link StateStore}),
     * and is closed once Camel has stopped, after the services that still write while it stops.
     */
    @BindToRegistry("dataSource")
    public DataSource dataSource(@PropertyInject("archiver.db.url") String url,
            @PropertyInject("archiver.db.user") String user, @PropertyInject("archiver.db.password") String password,
            Settings settings, CamelContext context) throws Exception {
        DataSource dataSource = StateStore.open(url, user, password, settings.integer("archiver.dispatch.concurrency") + 6,
                settings.duration(StateStore.START_TIMEOUT));
        // added before the inbox's release service: Camel stops services in reverse order
        context.addService(StateStore.closedOnStop(dataSource), true, true);
        Schema.create(dataSource);
        return dataSource;
    }

    /**
     * The inbox. An H2 file belongs to this process alone, so claims left by a previous run are
     * released at once; when the process stops (after the routes, graceful shutdown), what it still
     * holds goes back to the queue.
     */
    @BindToRegistry("inbox")
    public Inbox inbox(DataSource dataSource, @PropertyInject("archiver.db.url") String url, Settings settings,
            CamelContext context) throws Exception {
        Inbox inbox = new Inbox(dataSource, settings.duration("archiver.dispatch.lease"),
                settings.duration("archiver.retry.initial-delay"), settings.integer("archiver.dispatch.concurrency"));
        if (url.startsWith("jdbc:h2:")) {
            inbox.releaseAllClaims();
        }
        LOG.info("This instance marks its claims {} (delivery.claimed_by)", inbox.owner());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                inbox.releaseOwnClaims();
            }
        }, true, true);
        return inbox;
    }

    @BindToRegistry("recordingLedger")
    public RecordingLedger recordingLedger(DataSource dataSource) {
        return new RecordingLedger(dataSource);
    }
}
