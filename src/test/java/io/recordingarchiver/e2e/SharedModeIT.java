package io.recordingarchiver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import io.recordingarchiver.testkit.Await;
import io.recordingarchiver.testkit.DeliveryOptions;
import io.recordingarchiver.testkit.RealtimeKitStandIn;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.Requires;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Shared mode: three packaged archivers on one PostgreSQL schema and one bucket split 30 UPLOADED
 * recordings between them. Deliveries go to all three webhook URLs, some twice to different ones.
 * One process is killed ({@code kill -9}) in the middle of a transfer; after its lease runs out the
 * two others take its claims over and resume its uploads. Every recording ends ARCHIVED exactly
 * once: one object with the right SHA-256 per key, one ARCHIVED log line, no unfinished upload,
 * and no file downloaded twice except the ones the killed process had in hand.
 *
 * <p>Nothing here depends on how fast a process, a part or a kill is: the kill lands while one of
 * the victim's downloads is held still by the stand-in (so that transfer cannot finish first),
 * and which of the victim's files must resume is read from the journal after the kill with the
 * product's own rule ({@code ArchiveBucket.resumeFor}: the parts stored one after another from
 * part 1, full-size, not reaching the end of the file). A file whose journal has only later parts
 * (parts are uploaded in parallel, so part 2 of a small file can be noted before part 1) or no
 * part yet is started again, not resumed.
 */
@Requires(ExternalTool.POSTGRES)
class SharedModeIT {

    private static final long MIB = 1024L * 1024;
    private static final long PART = 5 * MIB;
    private static final int RECORDINGS = 30;
    private static final long DOWNLOAD_RATE = 8 * MIB;

    private record Sent(StandInRecording recording, RecordingFile file) {
        String folder() {
            return "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        }

        String key() {
            return folder() + recording.outputFileName();
        }
    }

    @Test
    void threeProcessesOnePostgresOneBucketOneKilledEachRecordingArchivedOnce() throws Exception {
        try (SharedStores stores = new SharedStores();
                ArchiverEnvironment env = stores.configure(new ArchiverEnvironment())
                        // far above the gap between two parts of a healthy process (about 1 s here),
                        // so only the kill makes a claim change hands
                        .with("archiver.dispatch.lease", "PT30S")
                        .with("archiver.dispatch.concurrency", "3")
                        .with("archiver.s3.part-size", String.valueOf(PART))
                        .with("archiver.s3.parallel-parts", "2")
                        // one stream per file: the resume assertions count Range headers of a single-stream resume
                        .with("archiver.download.connections-per-file", "1");
                ArchiverEnvironment env2 = env.forAnotherProcess();
                ArchiverEnvironment env3 = env.forAnotherProcess();
                ArchiverProcess victim = ArchiverProcess.start(env, 0, "shared-mode-1");
                ArchiverProcess second = ArchiverProcess.start(env2, 0, "shared-mode-2");
                ArchiverProcess third = ArchiverProcess.start(env3, 0, "shared-mode-3")) {
            List<ArchiverEnvironment> envs = List.of(env, env2, env3);
            List<Sent> sent = recordings(env.rtk);
            deliver(env.rtk, sent, envs);

            String victimOwner = victim.claimOwner();
            JdbcTemplate db = stores.db();
            Sent stopped = holdOneTransferMidway(env.rtk, db, victimOwner, sent);
            victim.kill();
            env.rtk.release(stopped.file().name());
            Set<String> heldByVictim = new HashSet<>(db.queryForList(
                    "SELECT recording_id FROM delivery WHERE state = 'CLAIMED' AND claimed_by = ?", String.class,
                    victimOwner));
            Set<String> resumable = resumableUploads(db, stores.s3(), sent);
            resumable.retainAll(heldByVictim);
            assertThat(resumable).as("killed with parts stored").contains(stopped.recording().id());

            await(() -> db.queryForObject("SELECT COUNT(*) FROM delivery WHERE state <> 'DONE'", Integer.class) == 0
                    || !second.isAlive() || !third.isAlive(), Duration.ofMinutes(4), "every delivery to be done");
            assertThat(second.isAlive() && third.isAlive()).as("the survivors are running").isTrue();

            assertThat(db.queryForObject("SELECT COUNT(*) FROM delivery", Integer.class))
                    .as("duplicate deliveries absorbed").isEqualTo(RECORDINGS);
            assertThat(db.queryForList("SELECT archive_state FROM recording", String.class))
                    .hasSize(RECORDINGS).containsOnly("ARCHIVED");
            assertThat(db.queryForObject("SELECT COUNT(*) FROM transfer", Integer.class)).isZero();
            String logs = victim.output() + second.output() + third.output();
            S3Client s3 = stores.s3();
            for (Sent one : sent) {
                assertArchivedOnce(s3, one, logs);
                assertDownloads(env.rtk, one, heldByVictim, resumable);
            }
            assertThat(s3.listObjectsV2Paginator(b -> b.bucket(SharedStores.BUCKET)).contents().stream().count())
                    .as("a recording and a manifest each, nothing else").isEqualTo(2L * RECORDINGS);
            List<String> unfinished = s3.listMultipartUploadsPaginator(b -> b.bucket(SharedStores.BUCKET)).uploads()
                    .stream().map(MultipartUpload::key).toList();
            assertThat(unfinished).as("only an upload the kill cut before it was journaled may be left")
                    .allMatch(key -> sent.stream().anyMatch(one -> one.key().equals(key)
                            && heldByVictim.contains(one.recording().id())));
        }
    }

    /** 30 recordings of 3 to 40 MiB (not multiples of the part size), each download paced. */
    private static List<Sent> recordings(RealtimeKitStandIn rtk) {
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < RECORDINGS; i++) {
            long size = (3 + (i * 17L) % 38) * MIB + i * 1_001L;
            RecordingFile file = rtk.addFile("shared-" + i + ".mp4", size, 100 + i);
            rtk.throttle(file.name(), DOWNLOAD_RATE);
            sent.add(new Sent(rtk.recording(file), file));
        }
        return sent;
    }

    /**
     * Each recording's UPLOADED to one process in turn; every third one again to the next process
     * under the same delivery id, and every fifth under a new id: both are duplicates.
     */
    private static void deliver(RealtimeKitStandIn rtk, List<Sent> sent, List<ArchiverEnvironment> envs)
            throws Exception {
        List<Runnable> again = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            String body = rtk.statusUpdate(sent.get(i).recording(), "UPLOADED");
            String deliveryId = UUID.randomUUID().toString();
            HttpResponse<String> answer = rtk.deliver(envs.get(i % 3).webhookUrl(), body,
                    DeliveryOptions.defaults().deliveryUuid(deliveryId));
            assertThat(answer.statusCode()).isEqualTo(200);
            ArchiverEnvironment next = envs.get((i + 1) % 3);
            if (i % 3 == 0) {
                again.add(() -> assertDuplicate(rtk, next, body, DeliveryOptions.defaults().deliveryUuid(deliveryId)));
            } else if (i % 5 == 0) {
                again.add(() -> assertDuplicate(rtk, next, body, DeliveryOptions.defaults()));
            }
        }
        again.forEach(Runnable::run);
    }

    private static void assertDuplicate(RealtimeKitStandIn rtk, ArchiverEnvironment env, String body,
            DeliveryOptions options) {
        try {
            HttpResponse<String> answer = rtk.deliver(env.webhookUrl(), body, options);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("duplicate");
        } catch (Exception e) {
            throw new AssertionError("delivering again failed", e);
        }
    }

    /**
     * Waits until the process owning {@code owner} is in the middle of a transfer (part 1 noted,
     * 15 MiB or more to go), then holds that download still at the stand-in and returns it once
     * the hold is reached. A transfer that finished before the hold took effect is let go and
     * another one awaited.
     */
    private static Sent holdOneTransferMidway(RealtimeKitStandIn rtk, JdbcTemplate db, String owner, List<Sent> sent) {
        while (true) {
            Sent[] candidate = new Sent[1];
            await(() -> (candidate[0] = transferringWithPartsLeft(db, owner, sent)) != null, Duration.ofMinutes(3),
                    "the first process to be in the middle of a transfer");
            String name = candidate[0].file().name();
            String id = candidate[0].recording().id();
            rtk.holdNextAfter(name, 0);
            await(() -> rtk.reachedHold(name) || db.queryForObject(
                    "SELECT COUNT(*) FROM transfer WHERE recording_id = ?", Integer.class, id) == 0,
                    Duration.ofMinutes(3), "the download of " + name + " to be held or its transfer to end");
            if (rtk.reachedHold(name)) {
                return candidate[0];
            }
            rtk.release(name);
        }
    }

    /** A transfer the process owning {@code owner} holds with part 1 noted and 15 MiB or more to go, or null. */
    private static Sent transferringWithPartsLeft(JdbcTemplate db, String owner, List<Sent> sent) {
        List<Map<String, Object>> rows = db.queryForList("SELECT t.recording_id AS id, COUNT(*) AS parts,"
                + " MIN(p.part_number) AS first FROM delivery d JOIN transfer t ON t.recording_id = d.recording_id"
                + " JOIN transfer_part p ON p.upload_id = t.upload_id"
                + " WHERE d.state = 'CLAIMED' AND d.claimed_by = ? GROUP BY t.recording_id", owner);
        for (Map<String, Object> row : rows) {
            for (Sent one : sent) {
                if (one.recording().id().equals(row.get("id")) && ((Number) row.get("first")).intValue() == 1
                        && ((Number) row.get("parts")).longValue() * PART + 15 * MIB <= one.file().size()) {
                    return one;
                }
            }
        }
        return null;
    }

    /**
     * Recordings whose upload the next attempt resumes, by the product's rule: unfinished in the
     * bucket, and the journal holds parts 1, 2, ... one after another, full-size, not reaching the
     * end of the file (at least part 1). A journal with only later parts (parallel parts finish out
     * of order), none at all (the kill landed before the first part was noted), or an upload gone
     * from the bucket (completed just before the kill) means the file is fetched again from the
     * start: that is correct, not a failed resume.
     */
    private static Set<String> resumableUploads(JdbcTemplate db, S3Client s3, List<Sent> sent) {
        Set<String> unfinished = new HashSet<>();
        s3.listMultipartUploadsPaginator(b -> b.bucket(SharedStores.BUCKET)).uploads()
                .forEach(upload -> unfinished.add(upload.uploadId()));
        Set<String> resumable = new HashSet<>();
        for (Sent one : sent) {
            List<Map<String, Object>> parts = db.queryForList("SELECT p.part_number AS number, p.size_bytes AS size,"
                    + " t.part_size AS part_size, t.upload_id AS upload FROM transfer t JOIN transfer_part p"
                    + " ON p.upload_id = t.upload_id WHERE t.recording_id = ? ORDER BY p.part_number",
                    one.recording().id());
            long offset = 0;
            int next = 1;
            for (Map<String, Object> part : parts) {
                long size = ((Number) part.get("size")).longValue();
                if (!unfinished.contains((String) part.get("upload")) || ((Number) part.get("number")).intValue() != next
                        || size != ((Number) part.get("part_size")).longValue() || offset + size >= one.file().size()) {
                    break;
                }
                offset += size;
                next++;
            }
            if (next > 1) {
                resumable.add(one.recording().id());
            }
        }
        return resumable;
    }

    private static void assertArchivedOnce(S3Client s3, Sent one, String logs) {
        List<String> keys = s3.listObjectsV2(b -> b.bucket(SharedStores.BUCKET).prefix(one.folder())).contents()
                .stream().map(S3Object::key).toList();
        assertThat(keys).containsExactlyInAnyOrder(one.key(), one.folder() + "manifest.json");
        HeadObjectResponse head = s3.headObject(b -> b.bucket(SharedStores.BUCKET).key(one.key()));
        assertThat(head.contentLength()).isEqualTo(one.file().size());
        assertThat(Buckets.text(s3, one.folder() + "manifest.json")).contains(one.file().sha256Hex());
        assertThat(Pattern.compile("Recording " + one.recording().id() + ": ARCHIVED as ").matcher(logs).results()
                .count()).as("ARCHIVED once: %s", one.recording().id()).isEqualTo(1);
    }

    /**
     * A file is downloaded exactly once unless the killed process held it: then the survivor
     * resumes with a Range request when parts were stored, and never downloads it whole twice.
     */
    private static void assertDownloads(RealtimeKitStandIn rtk, Sent one, Set<String> heldByVictim,
            Set<String> resumable) {
        String name = one.file().name();
        long size = one.file().size();
        String id = one.recording().id();
        if (!heldByVictim.contains(id)) {
            assertThat(rtk.bytesServed(name)).as("downloaded once: %s", name).isEqualTo(size);
            assertThat(rtk.rangeHeadersSeen(name)).isEmpty();
        } else if (resumable.contains(id)) {
            assertThat(rtk.rangeHeadersSeen(name)).as("resumed: %s", name).hasSize(1);
            assertThat(rtk.bytesServed(name)).as("not downloaded twice: %s", name).isLessThan(2 * size);
        } else {
            assertThat(rtk.bytesServed(name)).as("at most started again: %s", name).isLessThanOrEqualTo(2 * size);
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        Await.until(what, timeout, condition::getAsBoolean);
    }
}
