package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.recordingarchiver.TestDatabase;
import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.Requires;
import io.recordingarchiver.testkit.StandInRecording;
import io.recordingarchiver.testkit.TcpRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The state store (PostgreSQL) dropping every connection of the archiver in the middle of a
 * transfer, as a server restart does, while a transfer journal write is on the wire: the archive
 * attempt fails as {@code state-store-unavailable}, is retried with the upload kept and resumed,
 * and the recording ends ARCHIVED, never FAILED {@code unexpected}. The archiver reaches PostgreSQL
 * through a {@link TcpRelay}; the test reads and locks the tables on connections of its own.
 */
@Requires(ExternalTool.POSTGRES)
class StateStoreCutMidTransferTest extends ArchiverTestBase {

    private static final long MIB = 1024L * 1024;

    // assigned by environment(), which runs while the base class is initialised: no initialisers here
    private TestDatabase database;
    private TcpRelay relay;
    private JdbcTemplate direct;

    private final LogCapture log = LogCapture.attach();

    @Override
    protected ArchiverEnvironment environment() {
        try {
            database = TestDatabase.postgres();
            URI store = URI.create(database.url().substring("jdbc:".length()));
            relay = TcpRelay.to(store.getHost(), store.getPort() == -1 ? 5432 : store.getPort());
            direct = new JdbcTemplate(new DriverManagerDataSource(database.url(), ExternalTool.POSTGRES_USER, ""));
            String relayed = "jdbc:postgresql://127.0.0.1:" + relay.port() + store.getRawPath() + "?"
                    + store.getRawQuery();
            return new ArchiverEnvironment()
                    .with("archiver.db.url", relayed)
                    .with("archiver.db.user", ExternalTool.POSTGRES_USER)
                    .with("archiver.db.password", "")
                    .with("archiver.retry.max-redeliveries", "5")
                    .with("archiver.retry.initial-delay", "PT1S")
                    .with("archiver.retry.max-delay", "PT2S")
                    // one stream per file: the resume is one Range request per attempt
                    .with("archiver.download.connections-per-file", "1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void dropTheSchema() throws Exception {
        // the archiver first, so that nothing polls the schema being dropped
        context.stop();
        relay.close();
        database.close();
    }

    /** How the store goes away while a journal write of the archiver waits on the test's lock. */
    private interface Outage {
        void happen(int lockPid) throws Exception;
    }

    /**
     * Every connection cut on the wire: the write in flight fails with an I/O error (SQLState 08006,
     * an {@code IOException} among its causes).
     */
    @Test
    void connectionsCutWhileAJournalWriteIsInFlightAreRetriedAndTheUploadResumed() throws Exception {
        archivedAfter("store-cut.mp4", 77, lockPid -> assertThat(relay.cutAll()).as("connections cut").isPositive());
    }

    /**
     * A restart as the default soak met it: the server ends the write in flight with "FATAL:
     * terminating connection due to administrator command" (SQLState 57P01, no {@code IOException}
     * among its causes), and every other connection is gone.
     */
    @Test
    void aWriteEndedByAnAdministratorCommandIsRetriedAndTheUploadResumed() throws Exception {
        archivedAfter("store-restart.mp4", 78, lockPid -> {
            assertThat(direct.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE ? = ANY(pg_blocking_pids(pid))", Boolean.class, lockPid)).isNotEmpty().containsOnly(true);
            Await.until("the terminated backend to be gone", () -> direct.queryForObject(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))", Integer.class,
                    lockPid) == 0);
            relay.cutAll();
        });
    }

    private void archivedAfter(String name, long seed, Outage outage) throws Exception {
        RecordingFile video = env.rtk.addFile(name, 60 * MIB + 321, seed);
        env.rtk.throttle(video.name(), 2 * MIB);
        StandInRecording recording = env.rtk.recording(video);
        String folder = "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        String key = folder + recording.outputFileName();

        assertThat(env.rtk.deliver(env.webhookUrl(), env.rtk.statusUpdate(recording, "UPLOADED")).statusCode())
                .isEqualTo(200);
        Await.until("two parts to be journaled", () -> direct.queryForObject(
                "SELECT COUNT(*) FROM transfer_part", Integer.class) >= 2);

        // holds the next journal write on the wire, so that the cut meets a statement in flight (a
        // cut between statements is met by HikariCP's validation of an idle connection, not by the archiver)
        try (Connection lock = DriverManager.getConnection(database.url(), ExternalTool.POSTGRES_USER, "")) {
            lock.setAutoCommit(false);
            int lockPid;
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE transfer_part IN SHARE MODE");
                var rs = statement.executeQuery("SELECT pg_backend_pid()");
                rs.next();
                lockPid = rs.getInt(1);
            }
            Await.until("a journal write of the archiver to wait on the lock", () -> direct.queryForObject(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))"
                            + " AND query LIKE 'INSERT INTO transfer_part%'", Integer.class, lockPid) >= 1);

            outage.happen(lockPid);
            lock.rollback();
        }
        env.rtk.throttle(video.name(), 0);

        Await.until("the recording to be archived or failed", () -> List.of("ARCHIVED", "FAILED")
                .contains(archiveState(recording.id())));
        Map<String, Object> row = direct.queryForMap("SELECT * FROM recording WHERE recording_id = ?", recording.id());
        assertThat(row.get("archive_state")).as("%s; log:%n%s", row, log.text()).isEqualTo("ARCHIVED");
        Await.until("the delivery to be done", () -> direct.queryForObject(
                "SELECT COUNT(*) FROM delivery WHERE recording_id = ? AND state <> 'DONE'", Integer.class,
                recording.id()) == 0);

        assertThat(row.get("sha256")).isEqualTo(video.sha256Hex());
        assertThat(objectSha256(key)).isEqualTo(video.sha256Hex());
        assertThat(s3().listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
        assertThat(direct.queryForObject("SELECT COUNT(*) FROM transfer_part", Integer.class)).as("journal cleared")
                .isZero();

        String text = log.text();
        assertThat(text).as("the cut was met by the transfer, as state-store-unavailable")
                .contains("the state store was unreachable while storing " + key);
        assertThat(text).doesNotContain("Recording " + recording.id() + ": FAILED");
        assertThat(text.lines().filter(line -> line.startsWith("ERROR") && line.contains("unexpected")))
                .as("no ERROR about an unexpected failure").isEmpty();
        assertThat(text).as("the upload kept and resumed").contains("Resuming the upload of " + key);
        List<String> ranges = env.rtk.rangeHeadersSeen(video.name());
        // no bound on the bytes served: the failing attempt reads on (unthrottled) until its parts fail
        assertThat(ranges).as("resumed with a Range request, not started over").isNotEmpty();
        assertThat(ranges).allSatisfy(range -> {
            long from = Long.parseLong(range.replaceAll("bytes=(\\d+)-.*", "$1"));
            assertThat(from).isPositive().isEqualTo(from / (5 * MIB) * 5 * MIB);
        });
    }

    /** Read on a connection of the test's own: the archiver's pool is the one being cut. */
    private String archiveState(String recordingId) {
        List<String> state = direct.queryForList("SELECT archive_state FROM recording WHERE recording_id = ?",
                String.class, recordingId);
        return state.isEmpty() ? null : state.get(0);
    }
}
