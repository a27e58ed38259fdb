package io.recordingarchiver.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.recordingarchiver.transfer.StoreClientStart;
import io.recordingarchiver.testkit.Await;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged archiver ({@code java -jar target/recording-archiver.jar}) run as a separate JVM
 * from the project folder, the way an operator runs it, with the environment's settings as
 * {@code -D} options. Its output goes to a log file under {@code target/}.
 */
final class ArchiverProcess implements AutoCloseable {

    private static final Pattern CLAIM_OWNER = Pattern.compile("marks its claims (archiver-[0-9a-f-]+)");

    private final Process process;
    private final Path log;
    private final ArchiverEnvironment env;
    private final int s3Port;

    private final long logStart;

    private ArchiverProcess(Process process, Path log, long logStart, ArchiverEnvironment env, int s3Port) {
        this.process = process;
        this.log = log;
        this.logStart = logStart;
        this.env = env;
        this.s3Port = s3Port;
    }

    /** Starts the jar with the given JVM options and waits until its health endpoint says UP. */
    static ArchiverProcess start(ArchiverEnvironment env, int s3Port, String name, String... jvmOptions)
            throws IOException, InterruptedException {
        return start(env, Map.of(), s3Port, name, jvmOptions);
    }

    /**
     * Starts the jar with these environment variables added to this JVM's, and the given JVM options,
     * and waits until its health endpoint says UP.
     *
     * @throws IllegalStateException when the process exits first ("the archiver exited with N")
     */
    static ArchiverProcess start(ArchiverEnvironment env, Map<String, String> environment, int s3Port, String name,
            String... jvmOptions) throws IOException, InterruptedException {
        String jar = System.getProperty("archiver.jar", "target/recording-archiver.jar");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        for (Map.Entry<String, String> setting : env.settings().entrySet()) {
            command.add("-D" + setting.getKey() + "=" + setting.getValue());
        }
        command.add("-Darchiver.s3.embedded-port=" + s3Port);
        command.add("-jar");
        command.add(jar);
        Path log = Path.of("target", name + ".log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        ArchiverProcess archiver = new ArchiverProcess(process, log, logStart, env, s3Port);
        archiver.awaitHealthy(Await.PATIENTLY);
        return archiver;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://127.0.0.1:" + env.managementPort + "/observe/health");
        try {
            Await.until("the archiver's health to be UP", timeout, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the archiver exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    // a request timeout too: a port held by something that accepts and never answers
                    // (PortTakenIT's holder) would otherwise block this poll, and the test, for ever
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(health)
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    return answer.statusCode() == 200 && answer.body().contains("UP");
                } catch (IOException notYet) {
                    return false; // still starting
                }
            });
        } catch (AssertionError timedOut) {
            throw new IllegalStateException(timedOut.getMessage() + "; see " + log, timedOut);
        }
    }

    /** A client for the archiver's embedded store. */
    S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + s3Port))
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        StoreClientStart.EMBEDDED_ACCESS_KEY, StoreClientStart.EMBEDDED_SECRET_KEY)))
                .build();
    }

    /** What this run of the process wrote (the log file keeps earlier runs above it). */
    String output() throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) logStart, all.length - (int) logStart, StandardCharsets.UTF_8);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The operating system's id of the process (for {@code /proc/<pid>/status}). */
    long pid() {
        return process.pid();
    }

    /** The owner name this process marks its claims with in the state store, from its start-up log. */
    String claimOwner() throws IOException {
        Matcher owner = CLAIM_OWNER.matcher(output());
        if (!owner.find()) {
            throw new IllegalStateException("the archiver did not log its claim owner; see " + log);
        }
        return owner.group(1);
    }

    /**
     * Stops the process the way an orchestrator does ({@code SIGTERM}) and waits for it to exit.
     *
     * @return how long it took to exit
     * @throws AssertionError when it is still running after {@code timeout} (it is then killed)
     */
    Duration terminate(Duration timeout) throws InterruptedException {
        Instant start = Instant.now();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the archiver did not exit within " + timeout + " of SIGTERM; see " + log);
        }
        return Duration.between(start, Instant.now());
    }

    /** Kills the process at once, as {@code kill -9} does. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
