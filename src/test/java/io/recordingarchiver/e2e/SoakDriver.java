package io.recordingarchiver.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.recordingarchiver.testkit.DeliveryOptions;
import io.recordingarchiver.testkit.PayloadOptions;
import io.recordingarchiver.testkit.RealtimeKitStandIn;
import io.recordingarchiver.testkit.RecordingFile;
import io.recordingarchiver.testkit.StandInRecording;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The chaos soak (issue 11): N packaged archivers on one fresh PostgreSQL schema and one s3proxy
 * ({@link SharedStores}), the RealtimeKit stand-in serving every file behind expiring links with
 * Range support, and a sender that signs every delivery. Recordings of mixed sizes (some with an
 * audio file) are announced in order, out of order, or several times to different instances; a
 * share carry an already expired link (the archiver refreshes it through the REST API) and a
 * share are announced by no webhook at all (reconciliation finds them). Faults fire at progress
 * milestones (a share of recordings settled), never at guessed times: {@code kill -9} of a random
 * instance then a restart, the S3 store stopped for a while, 503 bursts and cut connections at
 * the source, and optionally one PostgreSQL restart. The run ends when every recording is settled
 * or the deadline passes; then the bucket itself is read back and every recording classified.
 *
 * <p>Run by {@code soak/run.sh} (every setting a flag {@code --name=value} or an environment
 * variable {@code SOAK_NAME}) and, small, by {@link SoakIT}.
 */
public final class SoakDriver {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final Pattern ARCHIVED_LINE = Pattern.compile("Recording ([0-9a-f-]{36}): ARCHIVED as ");
    private static final List<String> STATUSES = List.of("INVOKED", "RECORDING", "UPLOADING", "UPLOADED");

    /** The soak's knobs; every one has a flag and an environment variable (see {@link #from}). */
    public static final class Config {
        int recordings = 500;
        long maxSize = 1536 * MIB;
        double largeShare = 0.03;
        double mediumShare = 0.15;
        double audioShare = 0.15;
        double expiredShare = 0.10;
        double unannouncedShare = 0.05;
        double outOfOrderShare = 0.25;
        double repeatedShare = 0.20;
        double sourceFaultShare = 0.10;
        int instances = 3;
        int kills = 10;
        Duration restartPause = Duration.ofSeconds(5);
        int s3Outages = 2;
        Duration s3Outage = Duration.ofSeconds(30);
        boolean pgRestart = false;
        String pgRestartCommand = "pg_ctlcluster --skip-systemctl-redirect 15 main restart";
        Duration deadline = Duration.ofHours(3);
        Duration lease = Duration.ofMinutes(1);
        String heap = "512m";
        long seed = 11;
        int window = 30;
        Path results;
        String label = "";

        /**
         * Reads {@code --name=value} flags, falling back to {@code SOAK_NAME} environment
         * variables (name upper-cased, dashes as underscores), then to the defaults above.
         */
        public static Config from(String[] args, Map<String, String> env) {
            Map<String, String> flags = new LinkedHashMap<>();
            for (String arg : args) {
                if (!arg.startsWith("--") || !arg.contains("=")) {
                    throw new IllegalArgumentException("expected --name=value, got " + arg);
                }
                flags.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
            Config c = new Config();
            java.util.function.Function<String, String> get = name -> flags.getOrDefault(name,
                    env.get("SOAK_" + name.toUpperCase().replace('-', '_')));
            c.recordings = intOr(get.apply("recordings"), c.recordings);
            c.maxSize = longOr(get.apply("max-size"), c.maxSize);
            c.largeShare = doubleOr(get.apply("large-share"), c.largeShare);
            c.mediumShare = doubleOr(get.apply("medium-share"), c.mediumShare);
            c.audioShare = doubleOr(get.apply("audio-share"), c.audioShare);
            c.expiredShare = doubleOr(get.apply("expired-share"), c.expiredShare);
            c.unannouncedShare = doubleOr(get.apply("unannounced-share"), c.unannouncedShare);
            c.outOfOrderShare = doubleOr(get.apply("out-of-order-share"), c.outOfOrderShare);
            c.repeatedShare = doubleOr(get.apply("repeated-share"), c.repeatedShare);
            c.sourceFaultShare = doubleOr(get.apply("source-fault-share"), c.sourceFaultShare);
            c.instances = intOr(get.apply("instances"), c.instances);
            c.kills = intOr(get.apply("kills"), c.kills);
            c.restartPause = durationOr(get.apply("restart-pause"), c.restartPause);
            c.s3Outages = intOr(get.apply("s3-outages"), c.s3Outages);
            c.s3Outage = durationOr(get.apply("s3-outage"), c.s3Outage);
            c.pgRestart = Boolean.parseBoolean(String.valueOf(get.apply("pg-restart")));
            if (get.apply("pg-restart-command") != null) {
                c.pgRestartCommand = get.apply("pg-restart-command");
            }
            c.deadline = durationOr(get.apply("deadline"), c.deadline);
            c.lease = durationOr(get.apply("lease"), c.lease);
            c.heap = get.apply("heap") != null ? get.apply("heap") : c.heap;
            c.seed = longOr(get.apply("seed"), c.seed);
            c.window = intOr(get.apply("window"), c.window);
            c.results = get.apply("results") != null ? Path.of(get.apply("results")) : null;
            c.label = get.apply("label") != null ? get.apply("label") : "";
            return c;
        }

        private static int intOr(String v, int d) {
            return v == null ? d : Integer.parseInt(v);
        }

        private static long longOr(String v, long d) {
            return v == null ? d : Long.parseLong(v);
        }

        private static double doubleOr(String v, double d) {
            return v == null ? d : Double.parseDouble(v);
        }

        private static Duration durationOr(String v, Duration d) {
            return v == null ? d : Duration.parse(v);
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("recordings", recordings);
            m.put("max-size (bytes)", maxSize);
            m.put("large / medium share", largeShare + " / " + mediumShare);
            m.put("audio share", audioShare);
            m.put("expired-link share", expiredShare);
            m.put("unannounced share (reconciliation)", unannouncedShare);
            m.put("out-of-order / repeated share", outOfOrderShare + " / " + repeatedShare);
            m.put("source-fault share (503 burst or cut)", sourceFaultShare);
            m.put("instances", instances);
            m.put("kills (kill -9 + restart)", kills);
            m.put("S3 outages x length", s3Outages + " x " + s3Outage);
            m.put("PostgreSQL restart", pgRestart);
            m.put("lease", lease);
            m.put("heap per instance", heap);
            m.put("seed", seed);
            m.put("deadline", deadline);
            return m;
        }
    }

    /** One recording of the run and how it is announced. */
    record Planned(StandInRecording recording, RecordingFile video, RecordingFile audio, boolean announced,
            boolean expiredLink, String order, String sourceFault) {
        String folder() {
            return "recordings/" + recording.meetingId() + "/" + recording.id() + "/";
        }

        String key() {
            return folder() + recording.outputFileName();
        }
    }

    /** What the run found, recording by recording. */
    public static final class Report {
        final Map<String, List<String>> outcomes = new TreeMap<>();
        final List<String> orphanUploads = new ArrayList<>();
        final List<String> rejectedSigned = new CopyOnWriteArrayList<>();
        final List<String> rejectedWhileStarting = new CopyOnWriteArrayList<>();
        final Map<String, Long> peakRssKib = new TreeMap<>();
        final List<String> faults = new CopyOnWriteArrayList<>();
        int recordings;
        long bytes;
        boolean settledBeforeDeadline;
        Duration wallTime;
        final AtomicInteger deliveries = new AtomicInteger();

        void add(String outcome, String detail) {
            outcomes.computeIfAbsent(outcome, k -> new ArrayList<>()).add(detail);
        }

        public int count(String outcome) {
            return outcomes.getOrDefault(outcome, List.of()).size();
        }

        public List<String> details(String outcome) {
            return outcomes.getOrDefault(outcome, List.of());
        }

        public List<String> orphanUploads() {
            return orphanUploads;
        }

        /** Signed deliveries answered 4xx by an instance that was up (started and healthy). */
        public List<String> rejectedSignedDeliveries() {
            return rejectedSigned;
        }

        /**
         * Signed deliveries answered 4xx by an instance still starting after a restart (today: a
         * 404 from the HTTP server before the intake route is up).
         */
        public List<String> rejectedWhileStarting() {
            return rejectedWhileStarting;
        }

        public boolean settledBeforeDeadline() {
            return settledBeforeDeadline;
        }

        public int recordings() {
            return recordings;
        }
    }

    static final String EXACTLY_ONCE = "archived exactly once";
    static final String LOST = "lost";
    static final String TWICE = "archived twice";
    static final String WRONG_BYTES = "wrong bytes";
    static final String FAILED = "FAILED";

    private final Config config;
    private final Random random;
    private final Report report = new Report();
    private final List<ArchiverEnvironment> envs = new ArrayList<>();
    private final List<List<ArchiverProcess>> incarnations = new ArrayList<>();
    private final ArchiverProcess[] running;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch faultsDone = new java.util.concurrent.CountDownLatch(1);
    private final ExecutorService restarts = Executors.newCachedThreadPool();

    public SoakDriver(Config config) {
        this.config = config;
        this.random = new Random(config.seed);
        this.running = new ArchiverProcess[config.instances];
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.from(args, System.getenv());
        Report report = new SoakDriver(config).run();
        String markdown = markdown(config, report);
        System.out.println(markdown);
        if (config.results != null) {
            Files.writeString(config.results, markdown);
        }
        boolean clean = report.count(EXACTLY_ONCE) == report.recordings && report.orphanUploads.isEmpty()
                && report.rejectedSigned.isEmpty() && report.rejectedWhileStarting.isEmpty();
        System.exit(clean ? 0 : 2);
    }

    /** Runs the whole soak and returns what it found; the processes and stores are gone afterwards. */
    public Report run() throws Exception {
        Instant start = Instant.now();
        try (SharedStores stores = new SharedStores()) {
            ArchiverEnvironment first = stores.configure(new ArchiverEnvironment())
                    .with("archiver.dispatch.lease", config.lease.toString())
                    .with("archiver.dispatch.concurrency", "3")
                    .with("archiver.dispatch.poll-interval", "PT0.2S")
                    .with("archiver.s3.part-size", String.valueOf(8 * MIB))
                    .with("archiver.s3.parallel-parts", "2")
                    .with("archiver.retry.max-redeliveries", "10")
                    .with("archiver.retry.initial-delay", "PT1S")
                    .with("archiver.retry.max-delay", "PT15S")
                    .with("archiver.reconcile.interval", "PT20S")
                    .with("archiver.housekeeping.interval", "PT1M")
                    .with("archiver.download.read-timeout", "PT30S");
            envs.add(first);
            for (int i = 1; i < config.instances; i++) {
                envs.add(first.forAnotherProcess());
            }
            try {
                RealtimeKitStandIn rtk = first.rtk;
                List<Planned> plan = plan(rtk);
                report.recordings = plan.size();
                report.bytes = plan.stream().mapToLong(p -> p.video().size() + (p.audio() == null ? 0 : p.audio().size()))
                        .sum();
                for (int i = 0; i < config.instances; i++) {
                    incarnations.add(new CopyOnWriteArrayList<>());
                    startInstance(i);
                }
                JdbcTemplate db = stores.db();
                ExecutorService background = Executors.newFixedThreadPool(3);
                background.submit(() -> sampleRss());
                background.submit(() -> injectFaults(stores, db, plan));
                send(rtk, db, plan);
                report.settledBeforeDeadline = awaitSettled(db, plan, start.plus(config.deadline));
                stopping.set(true);
                background.shutdown();
                background.awaitTermination(10, TimeUnit.MINUTES);
                restarts.shutdown();
                restarts.awaitTermination(10, TimeUnit.MINUTES);
                for (int i = 0; i < running.length; i++) {
                    if (running[i] != null) {
                        running[i].close();
                    }
                }
                verify(stores, db, plan);
            } finally {
                stopping.set(true);
                for (ArchiverProcess process : running) {
                    if (process != null && process.isAlive()) {
                        process.kill();
                    }
                }
                for (int i = envs.size() - 1; i >= 0; i--) {
                    envs.get(i).close();
                }
            }
        }
        report.wallTime = Duration.between(start, Instant.now());
        return report;
    }

    // ---- the recordings ----

    private List<Planned> plan(RealtimeKitStandIn rtk) {
        List<Planned> plan = new ArrayList<>();
        for (int i = 0; i < config.recordings; i++) {
            long size = size();
            RecordingFile video = rtk.addFile("soak-" + i + ".mp4", size, 1000 + i);
            StandInRecording recording = rtk.recording(video);
            RecordingFile audio = null;
            if (random.nextDouble() < config.audioShare) {
                audio = rtk.addFile("soak-" + i + "-audio.mp3", 64 * KIB + random.nextInt((int) (2 * MIB)), 5000 + i);
                recording.audio(audio);
            }
            boolean announced = random.nextDouble() >= config.unannouncedShare;
            boolean expired = announced && random.nextDouble() < config.expiredShare;
            double order = random.nextDouble();
            String how = order < config.outOfOrderShare ? "out of order"
                    : order < config.outOfOrderShare + config.repeatedShare ? "repeated" : "in order";
            String fault = "none";
            if (random.nextDouble() < config.sourceFaultShare) {
                if (random.nextBoolean() || size < 2 * MIB) {
                    int burst = 1 + random.nextInt(3);
                    rtk.failNextRequests(video.name(), burst, 503);
                    fault = burst + " x 503";
                } else {
                    long cut = size / 3 + random.nextInt((int) Math.min(size / 3, Integer.MAX_VALUE));
                    rtk.cutAfterBytes(video.name(), cut);
                    fault = "cut after " + cut + " bytes";
                }
            }
            plan.add(new Planned(recording, video, audio, announced, expired, how, fault));
        }
        return plan;
    }

    /** Most small, some medium, a few of the largest (the defaults put those over 1 GiB). */
    private long size() {
        double r = random.nextDouble();
        long size;
        if (r < config.largeShare) {
            size = config.maxSize * 2 / 3 + (long) (random.nextDouble() * (config.maxSize / 3));
        } else if (r < config.largeShare + config.mediumShare) {
            size = 8 * MIB + (long) (random.nextDouble() * 56 * MIB);
        } else {
            size = 10 * KIB + (long) (random.nextDouble() * 8 * MIB);
        }
        return Math.max(1, Math.min(size, config.maxSize));
    }

    // ---- the sender ----

    /**
     * Announces the recordings with at most {@code window} announced and unsettled at once (so
     * deliveries go on through the faults), each one's statuses in order, shuffled, or repeated
     * to different instances; a 4xx to a signed delivery is recorded, never retried.
     */
    private void send(RealtimeKitStandIn rtk, JdbcTemplate db, List<Planned> plan) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        Semaphore window = new Semaphore(config.window);
        Set<String> inWindow = ConcurrentHashMap.newKeySet();
        for (Planned one : plan) {
            if (!one.announced()) {
                continue;
            }
            while (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                releaseSettled(db, inWindow, window);
            }
            inWindow.add(one.recording().id());
            long seed = random.nextLong();
            senders.submit(() -> {
                announce(rtk, one, new Random(seed));
                return null;
            });
            releaseSettled(db, inWindow, window);
        }
        senders.shutdown();
        senders.awaitTermination(config.deadline.toMinutes() + 1, TimeUnit.MINUTES);
    }

    private void releaseSettled(JdbcTemplate db, Set<String> inWindow, Semaphore window) {
        try {
            for (String id : List.copyOf(inWindow)) {
                String state = db.query("SELECT archive_state FROM recording WHERE recording_id = ?",
                        rs -> rs.next() ? rs.getString(1) : null, id);
                if (settled(state) && inWindow.remove(id)) {
                    window.release();
                }
            }
        } catch (RuntimeException databaseAway) {
            // the PostgreSQL restart: ask again on the next round
        }
    }

    private void announce(RealtimeKitStandIn rtk, Planned one, Random random) throws Exception {
        List<String> statuses = new ArrayList<>(STATUSES);
        if (one.order().equals("out of order")) {
            Collections.shuffle(statuses, random);
        }
        for (String status : statuses) {
            PayloadOptions options = PayloadOptions.defaults();
            if (status.equals("UPLOADED") && one.expiredLink()) {
                options = options.linkExpiry(Instant.now().minus(Duration.ofHours(1)));
            }
            String body = rtk.statusUpdate(one.recording(), status, options);
            int copies = one.order().equals("repeated") ? 1 + random.nextInt(3) : 1;
            String uuid = UUID.randomUUID().toString();
            int instance = random.nextInt(config.instances);
            for (int copy = 0; copy < copies; copy++) {
                // the same delivery again (same rtk-uuid) or the same status under a new one, to another instance
                String deliveryId = copy > 0 && random.nextBoolean() ? UUID.randomUUID().toString() : uuid;
                deliver(rtk, one, status, body, deliveryId, (instance + copy) % config.instances);
            }
        }
    }

    /** Delivers until an instance answers 2xx, moving to the next instance on a refused connection or a 5xx. */
    private void deliver(RealtimeKitStandIn rtk, Planned one, String status, String body, String deliveryId,
            int instance) throws InterruptedException {
        int attempt = 0;
        while (!stopping.get()) {
            int target = (instance + attempt) % envs.size();
            ArchiverEnvironment env = envs.get(target);
            boolean up = running[target] != null;
            try {
                HttpResponse<String> answer = rtk.deliver(env.webhookUrl(), body,
                        DeliveryOptions.defaults().deliveryUuid(deliveryId));
                report.deliveries.incrementAndGet();
                int code = answer.statusCode();
                if (code / 100 == 2) {
                    return;
                }
                if (code / 100 == 4) {
                    // RealtimeKit does not retry a 4xx: this delivery is gone (reconciliation may still find an UPLOADED)
                    String what = one.recording().id() + " " + status + " to instance " + (target + 1) + ": " + code + " "
                            + answer.body().replaceAll("\\s+", " ");
                    (up && running[target] != null ? report.rejectedSigned : report.rejectedWhileStarting).add(what);
                    return;
                }
            } catch (IOException instanceAway) {
                // killed or restarting: RealtimeKit retries, here on the next instance
            }
            attempt++;
            if (attempt % envs.size() == 0) {
                Thread.sleep(500); // every instance refused: wait as a webhook retry queue does
            }
        }
    }

    // ---- progress and faults ----

    private static boolean settled(String state) {
        return "ARCHIVED".equals(state) || "FAILED".equals(state) || "ERRORED".equals(state);
    }

    private int settledCount(JdbcTemplate db) {
        try {
            Integer n = db.queryForObject(
                    "SELECT COUNT(*) FROM recording WHERE archive_state IN ('ARCHIVED', 'FAILED', 'ERRORED')",
                    Integer.class);
            return n == null ? 0 : n;
        } catch (RuntimeException databaseAway) {
            return -1;
        }
    }

    private boolean awaitSettled(JdbcTemplate db, List<Planned> plan, Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            if (settledCount(db) >= plan.size() && faultsDone.getCount() == 0) {
                return true;
            }
            Thread.sleep(1000); // the soak's progress poll; nothing is asserted on its timing
        }
        return false;
    }

    /** Each fault fires when its share of the recordings has settled: progress, not the clock, decides. */
    private void injectFaults(SharedStores stores, JdbcTemplate db, List<Planned> plan) {
        List<Map.Entry<Double, String>> schedule = new ArrayList<>();
        for (int k = 1; k <= config.kills; k++) {
            schedule.add(Map.entry((double) k / (config.kills + 1), "kill"));
        }
        for (int j = 1; j <= config.s3Outages; j++) {
            schedule.add(Map.entry((double) j / (config.s3Outages + 1) + 0.04, "s3"));
        }
        if (config.pgRestart) {
            schedule.add(Map.entry(0.55, "pg"));
        }
        schedule.sort(Map.Entry.comparingByKey());
        try {
            for (Map.Entry<Double, String> fault : schedule) {
                while (!stopping.get() && settledCount(db) < fault.getKey() * plan.size()) {
                    Thread.sleep(500);
                }
                if (stopping.get()) {
                    report.faults.add("not reached: " + fault.getValue() + " at " + percent(fault.getKey()));
                    continue;
                }
                String at = percent(fault.getKey()) + " settled";
                switch (fault.getValue()) {
                    case "kill" -> {
                        int victim = victim(db);
                        String held = claimsHeld(db, victim);
                        ArchiverProcess killed = running[victim];
                        running[victim] = null;
                        killed.kill();
                        report.faults.add("kill -9 of instance " + (victim + 1) + " at " + at + " holding " + held
                                + " claims, restarted after " + config.restartPause);
                        restarts.submit(() -> {
                            Thread.sleep(config.restartPause.toMillis());
                            for (int attempt = 1; ; attempt++) {
                                try {
                                    startInstance(victim);
                                    return null;
                                } catch (RuntimeException | IOException failedStart) {
                                    report.faults.add("restart " + attempt + " of instance " + (victim + 1)
                                            + " failed: " + failedStart.getMessage());
                                    if (attempt == 3) {
                                        throw failedStart;
                                    }
                                }
                            }
                        });
                    }
                    case "s3" -> {
                        stores.stopStore();
                        Thread.sleep(config.s3Outage.toMillis());
                        stores.startStore();
                        report.faults.add("S3 store stopped for " + config.s3Outage + " at " + at);
                    }
                    case "pg" -> {
                        Process restart = new ProcessBuilder("sh", "-c", config.pgRestartCommand).inheritIO().start();
                        int code = restart.waitFor();
                        report.faults.add("PostgreSQL restarted (" + config.pgRestartCommand + ", exit " + code + ") at "
                                + at);
                    }
                    default -> throw new IllegalStateException(fault.getValue());
                }
            }
        } catch (Exception e) {
            report.faults.add("fault injection stopped: " + e);
        } finally {
            faultsDone.countDown();
        }
    }

    /**
     * A random instance among those holding claims (so the kill cuts work in hand), waiting up to a
     * minute for one to hold any; else any instance that is up.
     */
    private int victim(JdbcTemplate db) throws InterruptedException {
        Instant patience = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(patience) && !stopping.get()) {
            List<Integer> busy = new ArrayList<>();
            for (int i = 0; i < running.length; i++) {
                String held = running[i] == null ? "?" : claimsHeld(db, i);
                if (!held.equals("0") && !held.equals("?")) {
                    busy.add(i);
                }
            }
            if (!busy.isEmpty()) {
                return busy.get(random.nextInt(busy.size()));
            }
            Thread.sleep(100); // the fault schedule polling for a busy instance; nothing is asserted on it
        }
        List<Integer> busy = new ArrayList<>();
        List<Integer> up = new ArrayList<>();
        while (up.isEmpty()) {
            for (int i = 0; i < running.length; i++) {
                if (running[i] == null || !running[i].isAlive()) {
                    continue; // being restarted
                }
                up.add(i);
                String held = claimsHeld(db, i);
                if (!held.equals("0") && !held.equals("?")) {
                    busy.add(i);
                }
            }
            if (up.isEmpty()) {
                try {
                    Thread.sleep(500); // every instance is restarting
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        List<Integer> from = busy.isEmpty() ? up : busy;
        return from.get(random.nextInt(from.size()));
    }

    private String claimsHeld(JdbcTemplate db, int instance) {
        if (running[instance] == null) {
            return "?";
        }
        try {
            return String.valueOf(db.queryForObject("SELECT COUNT(*) FROM delivery WHERE state = 'CLAIMED'"
                    + " AND claimed_by = ?", Integer.class, running[instance].claimOwner()));
        } catch (IOException | RuntimeException unknown) {
            return "?";
        }
    }

    private static String percent(double share) {
        return Math.round(share * 100) + " %";
    }

    private void startInstance(int i) throws IOException, InterruptedException {
        ArchiverProcess process = ArchiverProcess.start(envs.get(i), 0, "soak-" + (i + 1), "-Xmx" + config.heap);
        running[i] = process;
        incarnations.get(i).add(process);
    }

    /** Peak resident memory (VmHWM) of each instance slot over all its incarnations. */
    private void sampleRss() {
        while (!stopping.get()) {
            for (int i = 0; i < running.length; i++) {
                ArchiverProcess process = running[i];
                if (process == null || !process.isAlive()) {
                    continue;
                }
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                        if (line.startsWith("VmHWM:")) {
                            long kib = Long.parseLong(line.replaceAll("\\D", ""));
                            report.peakRssKib.merge("instance " + (i + 1), kib, Math::max);
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited between the check and the read
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ---- the verdict, from the bucket itself ----

    private void verify(SharedStores stores, JdbcTemplate db, List<Planned> plan) throws Exception {
        S3Client s3 = stores.s3();
        StringBuilder logs = new StringBuilder();
        for (List<ArchiverProcess> slot : incarnations) {
            // the first incarnation's output runs to the end of the slot's log file: every later one is in it
            if (!slot.isEmpty()) {
                logs.append(slot.get(0).output());
            }
        }
        Map<String, Long> archivedLines = ARCHIVED_LINE.matcher(logs).results()
                .collect(Collectors.groupingBy(m -> m.group(1), Collectors.counting()));
        Map<String, Planned> byKey = new LinkedHashMap<>();
        for (Planned one : plan) {
            byKey.put(one.key(), one);
            Map<String, Object> row = db.query("SELECT archive_state, reason, last_error FROM recording"
                    + " WHERE recording_id = ?", rs -> rs.next() ? Map.of("state", String.valueOf(rs.getString(1)),
                            "reason", String.valueOf(rs.getString(2)), "error", String.valueOf(rs.getString(3)))
                            : Map.of("state", "unknown", "reason", "never seen", "error", ""), one.recording().id());
            String id = one.recording().id() + " (" + one.video().name() + ", " + one.video().size() + " bytes, "
                    + (one.announced() ? one.order() : "no webhook") + (one.expiredLink() ? ", expired link" : "")
                    + ", source fault: " + one.sourceFault() + ")";
            List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(SharedStores.BUCKET).prefix(one.folder()))
                    .contents().stream().map(S3Object::key).sorted().toList();
            List<String> expected = new ArrayList<>(List.of(one.key(), one.folder() + "manifest.json"));
            if (one.audio() != null) {
                expected.add(one.folder() + "audio.mp3");
            }
            long lines = archivedLines.getOrDefault(one.recording().id(), 0L);
            if ("FAILED".equals(row.get("state"))) {
                report.add(FAILED, id + ": " + row.get("reason") + ": " + row.get("error"));
            } else if (!keys.contains(one.key())) {
                report.add(LOST, id + ": state " + row.get("state") + ", no object; " + row.get("reason") + " "
                        + row.get("error"));
            } else if (!sameBytes(s3, one.key(), one.video())
                    || (one.audio() != null && !sameBytes(s3, one.folder() + "audio.mp3", one.audio()))) {
                report.add(WRONG_BYTES, id + ": the stored bytes differ from the source (SHA-256)");
            } else if (lines > 1) {
                report.add(TWICE, id + ": ARCHIVED " + lines + " times in the logs");
            } else if (!"ARCHIVED".equals(row.get("state")) || lines != 1
                    || !keys.containsAll(expected) || keys.size() != expected.size()) {
                report.add(LOST, id + ": state " + row.get("state") + ", ARCHIVED lines " + lines + ", objects " + keys);
            } else {
                report.add(EXACTLY_ONCE, one.recording().id());
            }
        }
        Set<String> journaled = Set.copyOf(db.queryForList("SELECT upload_id FROM transfer", String.class));
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(SharedStores.BUCKET)).uploads()) {
            Planned owner = byKey.get(upload.key());
            report.orphanUploads.add(upload.key() + " (upload started " + upload.initiated() + ", "
                    + (journaled.contains(upload.uploadId()) ? "still in the transfer journal"
                            : "unknown to the journal: a kill between starting it and noting it down; the housekeeping"
                                    + " sweep aborts it after its grace")
                    + (owner == null ? "" : ", recording " + owner.recording().id()) + ")");
        }
    }

    private static boolean sameBytes(S3Client s3, String key, RecordingFile source) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream in = s3.getObject(b -> b.bucket(SharedStores.BUCKET).key(key))) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                size += n;
            }
        } catch (NoSuchKeyException gone) {
            return false;
        }
        return size == source.size() && HexFormat.of().formatHex(sha.digest()).equals(source.sha256Hex());
    }

    // ---- RESULTS.md ----

    static String markdown(Config config, Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Chaos soak results\n\n");
        if (!config.label.isBlank()) {
            md.append(config.label).append("\n\n");
        }
        md.append("| measure | value |\n|---|---|\n");
        row(md, "recordings", String.valueOf(report.recordings));
        row(md, "bytes at the source", report.bytes + " (" + report.bytes / MIB + " MiB)");
        for (String outcome : List.of(EXACTLY_ONCE, LOST, TWICE, WRONG_BYTES, FAILED)) {
            row(md, outcome, String.valueOf(report.count(outcome)));
        }
        row(md, "orphan multipart uploads", String.valueOf(report.orphanUploads.size()));
        row(md, "signed deliveries answered 4xx", (report.rejectedSigned.size() + report.rejectedWhileStarting.size())
                + " of " + report.deliveries + " deliveries (" + report.rejectedWhileStarting.size()
                + " by an instance still starting)");
        row(md, "settled before the deadline", String.valueOf(report.settledBeforeDeadline));
        report.peakRssKib.forEach((instance, kib) -> row(md, "peak RSS, " + instance, kib / 1024 + " MiB"));
        row(md, "wall time", report.wallTime == null ? "?" : report.wallTime.toSeconds() + " s");
        md.append("\n## Faults injected\n\n");
        report.faults.forEach(f -> md.append("- ").append(f).append('\n'));
        md.append("\n## Every count other than \"archived exactly once\", named\n\n");
        boolean any = false;
        for (String outcome : List.of(LOST, TWICE, WRONG_BYTES, FAILED)) {
            for (String detail : report.details(outcome)) {
                md.append("- ").append(outcome).append(": ").append(detail).append('\n');
                any = true;
            }
        }
        for (String orphan : report.orphanUploads) {
            md.append("- orphan upload: ").append(orphan).append('\n');
            any = true;
        }
        for (String rejected : report.rejectedSigned) {
            md.append("- signed delivery answered 4xx: ").append(rejected).append('\n');
            any = true;
        }
        if (!report.rejectedWhileStarting.isEmpty()) {
            Map<String, Long> byAnswer = report.rejectedWhileStarting.stream().collect(Collectors.groupingBy(
                    r -> r.substring(r.indexOf(" to instance ") + 1, Math.min(r.length(), r.indexOf(": ") + 5)),
                    TreeMap::new, Collectors.counting()));
            List<String> recordings = report.rejectedWhileStarting.stream().map(r -> r.substring(0, 36)).distinct()
                    .sorted().toList();
            md.append("- signed deliveries answered 4xx by an instance still starting after its restart: ")
                    .append(report.rejectedWhileStarting.size()).append(" deliveries of ").append(recordings.size())
                    .append(" recordings (").append(String.join(", ", recordings)).append("; ").append(byAnswer.entrySet().stream().map(e -> e.getValue() + " x " + e.getKey())
                            .collect(Collectors.joining(", ")))
                    .append("). Why: the HTTP server of a starting archiver accepts connections and answers 404 before"
                            + " the intake route is up; RealtimeKit does not retry a 4xx, so such a delivery is lost and"
                            + " only reconciliation brings an UPLOADED back. Fix: answer 503 until the routes are"
                            + " started (the h-intake rule \"never 4xx for a signed delivery\").\n");
            any = true;
        }
        if (!any) {
            md.append("None.\n");
        }
        md.append("\n## Configuration\n\n| setting | value |\n|---|---|\n");
        config.describe().forEach((k, v) -> row(md, k, String.valueOf(v)));
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    /** For the jar-level test: the report as text, for failure messages. */
    static String summary(Report report) {
        return markdown(new Config(), report);
    }
}
