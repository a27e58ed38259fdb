package io.recordingarchiver.transfer;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import io.recordingarchiver.Redaction;
import io.recordingarchiver.archive.ArchiveFailure;
import io.recordingarchiver.archive.FileToArchive;
import io.recordingarchiver.dispatch.ArchivedFile;

/**
 * The {@link TransferJournal} in the state store (tables {@code transfer} and {@code transfer_part}).
 * Each stored part also extends the lease of this process's claim on the recording, so a long
 * transfer keeps its claim while a crashed one's claim runs out and is taken over. A process that
 * finds its claim taken over (it was too slow to renew it in time) gets {@link ArchiveFailure.ClaimLost}
 * and stops, so two workers never complete the same recording.
 */
public class Transfers implements TransferJournal {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration lease;
    private final String owner;

    /** @param owner the claim owner of this process ({@link Inbox#owner()}) */
    public Transfers(DataSource dataSource, Duration lease, String owner) {
        this(dataSource, lease, owner, Clock.systemUTC());
    }

    public Transfers(DataSource dataSource, Duration lease, String owner, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.lease = lease;
        this.owner = owner;
        this.clock = clock;
    }

    @Override
    public void started(FileToArchive file, String uploadId, long partSize, Long sourceSize) {
        jdbc.update("DELETE FROM transfer WHERE object_key = ?", file.key());
        jdbc.update("INSERT INTO transfer (object_key, recording_id, upload_id, part_size, source, started_at,"
                + " source_size) VALUES (?, ?, ?, ?, ?, ?, ?)", file.key(), file.metadata().get("recording-id"),
                uploadId, partSize, Redaction.url(file.url()), clock.millis(), sourceSize);
    }

    @Override
    public void verified(ArchivedFile file) {
        jdbc.update("DELETE FROM stored_file WHERE object_key = ?", file.key());
        jdbc.update("INSERT INTO stored_file (object_key, size_bytes, sha256, content_type, source_file_name,"
                + " stored_at) VALUES (?, ?, ?, ?, ?, ?)", file.key(), file.size(), file.sha256(), file.contentType(),
                file.sourceFileName(), clock.millis());
    }

    @Override
    public ArchivedFile verifiedFile(String key) {
        List<ArchivedFile> found = jdbc.query("SELECT object_key, size_bytes, sha256, content_type, source_file_name"
                + " FROM stored_file WHERE object_key = ?", (rs, i) -> new ArchivedFile(rs.getString(1), rs.getLong(2),
                rs.getString(3), rs.getString(4), rs.getString(5)), key);
        return found.isEmpty() ? null : found.get(0);
    }

    @Override
    public void partStored(String uploadId, StoredPart part) {
        try {
            jdbc.update("INSERT INTO transfer_part (upload_id, part_number, etag, size_bytes) VALUES (?, ?, ?, ?)",
                    uploadId, part.number(), part.etag(), part.size());
        } catch (DuplicateKeyException again) {
            jdbc.update("UPDATE transfer_part SET etag = ?, size_bytes = ? WHERE upload_id = ? AND part_number = ?",
                    part.etag(), part.size(), uploadId, part.number());
        }
        renewClaim(uploadId);
    }

    @Override
    public void completing(String uploadId) {
        renewClaim(uploadId);
    }

    /**
     * Extends the lease of this process's claim on the upload's recording. Throws when the claim is
     * someone else's now: the upload was finished by another worker, or the recording has a delivery
     * that this process no longer holds and that is not done (taken over, or back in the queue).
     * Without any open delivery (no claim involved) there is nothing to fence.
     */
    private void renewClaim(String uploadId) {
        List<String> recording = jdbc.queryForList("SELECT recording_id FROM transfer WHERE upload_id = ?",
                String.class, uploadId);
        if (recording.isEmpty()) {
            throw new ArchiveFailure.ClaimLost("another worker finished or abandoned upload " + uploadId);
        }
        int renewed = jdbc.update("UPDATE delivery SET lease_until = ? WHERE state = 'CLAIMED' AND claimed_by = ?"
                + " AND recording_id = ?", clock.millis() + lease.toMillis(), owner, recording.get(0));
        if (renewed == 0 && openDeliveries(recording.get(0)) > 0) {
            throw new ArchiveFailure.ClaimLost("the claim on recording " + recording.get(0)
                    + " ran out and another worker took it over");
        }
    }

    private int openDeliveries(String recordingId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE recording_id = ? AND state <> 'DONE'",
                Integer.class, recordingId);
        return n == null ? 0 : n;
    }

    @Override
    public void finished(String key) {
        for (String uploadId : jdbc.queryForList("SELECT upload_id FROM transfer WHERE object_key = ?", String.class,
                key)) {
            jdbc.update("DELETE FROM transfer_part WHERE upload_id = ?", uploadId);
        }
        jdbc.update("DELETE FROM transfer WHERE object_key = ?", key);
    }

    @Override
    public Entry find(String key) {
        List<Entry> found = entries("WHERE object_key = ?", key);
        return found.isEmpty() ? null : found.get(0);
    }

    @Override
    public Set<String> uploadIds() {
        return new HashSet<>(jdbc.queryForList("SELECT upload_id FROM transfer", String.class));
    }

    @Override
    public List<Entry> startedBefore(long epochMillis) {
        return entries("WHERE started_at < ?", epochMillis);
    }

    @Override
    public List<Entry> ofArchivedRecordings(long epochMillis) {
        return entries("WHERE started_at < ? AND recording_id IN (SELECT recording_id FROM recording"
                + " WHERE archive_state = 'ARCHIVED')", epochMillis);
    }

    private List<Entry> entries(String where, Object argument) {
        return jdbc.query("SELECT object_key, upload_id, part_size, source, started_at, source_size FROM transfer "
                + where, (rs, i) -> new Entry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getLong(5), parts(rs.getString(2)), (Long) rs.getObject(6, Long.class)), argument);
    }

    private List<StoredPart> parts(String uploadId) {
        return jdbc.query("SELECT part_number, etag, size_bytes FROM transfer_part WHERE upload_id = ?"
                + " ORDER BY part_number", (rs, i) -> new StoredPart(rs.getInt(1), rs.getString(2), rs.getLong(3)),
                uploadId);
    }
}
