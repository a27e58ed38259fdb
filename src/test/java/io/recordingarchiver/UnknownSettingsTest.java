package io.recordingarchiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.recordingarchiver.operate.LogFormat;
import org.apache.camel.util.IOHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which supplied archiver.* names stop the start, and what the message says. */
class UnknownSettingsTest {

    private static final Properties PACKAGED = file("archiver.s3.bucket", "archiver.s3.secret-key", "archiver.dispatch.lease",
            "archiver.dispatch.poll-interval", "archiver.s3.key-template", "archiver.http.port", "camel.server.port");

    private static final UnknownSettings CHECK = UnknownSettings.definedIn(PACKAGED);

    private static Properties file(String... names) {
        Properties file = new Properties();
        for (String name : names) {
            file.setProperty(name, "");
        }
        return file;
    }

    private static Properties system(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static Optional<String> environment(String... keyValues) {
        Map<String, String> environment = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            environment.put(keyValues[i], keyValues[i + 1]);
        }
        return CHECK.check(environment, new Properties());
    }

    @Test
    void aMisspeltEnvironmentVariableIsNamedWithTheSettingItWasMeantToBe() {
        assertThat(environment("ARCHIVER_S3_BUKCET", "my-recordings")).hasValue(
                "unknown setting archiver.s3.bukcet (environment variable ARCHIVER_S3_BUKCET): did you mean archiver.s3.bucket"
                        + " (ARCHIVER_S3_BUCKET)? Every setting is listed in application.properties");
    }

    @Test
    void aVariableIsKnownUnderEverySpellingCamelLooksUp() {
        assertThat(environment("ARCHIVER_DISPATCH_POLL_INTERVAL", "PT1S")).as("dots and dashes as underscores").isEmpty();
        assertThat(environment("ARCHIVER_S3_BUCKET", "b")).isEmpty();
        assertThat(environment("ARCHIVER.S3.BUCKET", "b")).as("the name in upper case, Camel's first look-up").isEmpty();
        assertThat(environment("ARCHIVER.DISPATCH.POLL-INTERVAL", "PT1S")).isEmpty();
        assertThat(environment("ARCHIVER_DISPATCH_POLL-INTERVAL", "PT1S")).as("a spelling Camel never looks up").isPresent();
    }

    @Test
    void theSpellingsAreThoseCamelLooksEveryNameUpUnder() {
        // IOHelper.lookupEnvironmentVariable: upper case, then dots and dashes as underscores, then after camelCaseToDash
        assertThat(IOHelper.normalizeEnvironmentVariable("archiver.dispatch.poll-interval"))
                .isEqualTo("ARCHIVER_DISPATCH_POLL_INTERVAL");
        UnknownSettings camelCase = UnknownSettings.definedIn(file("archiver.myRoute.callbackUrl"));
        for (String variable : new String[] {"ARCHIVER.MYROUTE.CALLBACKURL", "ARCHIVER_MYROUTE_CALLBACKURL",
                "ARCHIVER_MY_ROUTE_CALLBACK_URL"}) {
            assertThat(camelCase.check(Map.of(variable, "x"), new Properties())).as(variable).isEmpty();
        }
    }

    @Test
    void aMisspeltSystemPropertyIsNamedWithTheSettingItWasMeantToBe() {
        assertThat(CHECK.check(Map.of(), system("archiver.dispatch.lease-time", "PT1M"))).hasValue(
                "unknown setting archiver.dispatch.lease-time (system property archiver.dispatch.lease-time): did you mean"
                        + " archiver.dispatch.lease? Every setting is listed in application.properties");
    }

    @Test
    void aSystemPropertyIsKnownOnlyUnderItsExactName() {
        assertThat(CHECK.check(Map.of(), system("archiver.dispatch.poll-interval", "PT1S"))).isEmpty();
        assertThat(CHECK.check(Map.of(), system("archiver.dispatch.poll_interval", "PT1S")))
                .hasValueSatisfying(message -> assertThat(message).contains("did you mean archiver.dispatch.poll-interval?"));
        assertThat(CHECK.check(Map.of(), system("ARCHIVER_S3_BUCKET", "b"))).as("an environment spelling given as -D")
                .hasValueSatisfying(message -> assertThat(message).startsWith(
                        "unknown setting ARCHIVER_S3_BUCKET (system property ARCHIVER_S3_BUCKET): did you mean archiver.s3.bucket?"));
    }

    @Test
    void retiredNamesAreStillAccepted() {
        assertThat(CHECK.check(Map.of("ARCHIVER_RETRY_MAX_DELAY_MS", "500", "ARCHIVER_SHUTDOWN_TIMEOUT_SECONDS", "5"),
                system("archiver.download.read-timeout-ms", "30000", "archiver.dispatch.poll-interval-ms", "200")))
                .isEmpty();
    }

    @Test
    void nothingIsSuggestedWhenNoSettingIsClose() {
        assertThat(CHECK.check(Map.of(), system("archiver.completely.different", "1"))).hasValue(
                "unknown setting archiver.completely.different (system property archiver.completely.different)."
                        + " Every setting is listed in application.properties");
        assertThat(environment("ARCHIVER_S3", "x")).as("one word fewer than many settings: no guess")
                .hasValue("unknown setting archiver.s3 (environment variable ARCHIVER_S3). Every setting is listed in application.properties");
    }

    @Test
    void theSameWordsInAnotherOrderAreClose() {
        assertThat(CHECK.check(Map.of(), system("archiver.s3.template-key", "k")))
                .hasValueSatisfying(message -> assertThat(message).contains("did you mean archiver.s3.key-template?"));
        assertThat(UnknownSettings.canonical("ARCHIVER_S3_BUKCET")).isEqualTo("archiver.s3.bukcet");
        assertThat(UnknownSettings.edits("archiver.s3.bukcet", "archiver.s3.bucket")).isEqualTo(2);
        assertThat(UnknownSettings.edits("", "abc")).isEqualTo(3);
    }

    @Test
    void namesDefinedOnlyInTheOperatorsOwnFileAreAccepted() {
        UnknownSettings withOwnFile = UnknownSettings.definedIn(file("archiver.s3.bucket", "archiver.own.callback-url"), PACKAGED);
        assertThat(withOwnFile.check(Map.of("ARCHIVER_OWN_CALLBACK_URL", "https://example.com"),
                system("archiver.own.callback-url", "https://example.com"))).isEmpty();
        assertThat(CHECK.check(Map.of(), system("archiver.own.callback-url", "x"))).as("not without the file").isPresent();
    }

    @Test
    void everyUnknownNameIsInTheOneMessageAndNoValueIs() {
        Optional<String> message = CHECK.check(Map.of("ARCHIVER_S3_SECRTE_KEY", "do-not-log-me", "ARCHIVER_ZZZ", "also-secret"),
                system("archiver.htp.port", "8080"));
        assertThat(message).hasValue("unknown setting archiver.s3.secrte.key (environment variable ARCHIVER_S3_SECRTE_KEY):"
                + " did you mean archiver.s3.secret-key (ARCHIVER_S3_SECRET_KEY)?; unknown setting archiver.zzz"
                + " (environment variable ARCHIVER_ZZZ); unknown setting archiver.htp.port (system property archiver.htp.port):"
                + " did you mean archiver.http.port? Every setting is listed in application.properties");
        assertThat(message.get()).doesNotContain("do-not-log-me", "also-secret");
    }

    @Test
    void namesThatReachTheProcessWithoutBeingSettingsAreAccepted() {
        Map<String, String> environment = new HashMap<>();
        environment.put("ARCHIVER_JAR", "/opt/archiver/recording-archiver.jar"); // bin/archiver
        environment.put("ARCHIVER_CDS_ARCHIVE", "/opt/archiver/recording-archiver.jsa");
        environment.put("ARCHIVER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"); // the test suite's tools
        // Kubernetes service links of a Service named archiver (and archiver-db)
        environment.put("ARCHIVER_SERVICE_HOST", "10.0.0.11");
        environment.put("ARCHIVER_SERVICE_PORT", "8080");
        environment.put("ARCHIVER_SERVICE_PORT_WEBHOOKS", "8080");
        environment.put("ARCHIVER_PORT", "tcp://10.0.0.11:8080");
        environment.put("ARCHIVER_PORT_8080_TCP", "tcp://10.0.0.11:8080");
        environment.put("ARCHIVER_PORT_8080_TCP_PROTO", "tcp");
        environment.put("ARCHIVER_PORT_8080_TCP_PORT", "8080");
        environment.put("ARCHIVER_PORT_8080_TCP_ADDR", "10.0.0.11");
        environment.put("ARCHIVER_DB_PORT", "tcp://10.0.0.12:5432");
        // not archiver.* at all
        environment.put("PATH", "/usr/bin");
        environment.put("CAMEL_MAIN_NAME", "x");
        assertThat(CHECK.check(environment, system("archiver.test.chromium", "/usr/bin/chromium", "java.home", "/jdk",
                "camel.main.name", "x"))).isEmpty();

        assertThat(environment("ARCHIVER_MANAGMENT_PORT", "8081")).as("a port number is a setting, not a service link")
                .isPresent();
        assertThat(environment("ARCHIVER_JAR_PATH", "x")).isPresent();
    }

    @Test
    void environmentVariablesInAnotherCaseAreNotReadSoTheyAreRefused() {
        assertThat(environment("archiver_s3_bucket", "b")).hasValueSatisfying(
                message -> assertThat(message).contains("(environment variable archiver_s3_bucket): did you mean"
                        + " archiver.s3.bucket (ARCHIVER_S3_BUCKET)?"));
    }

    @Test
    void theRepositorysFileAcceptsEveryOneOfItsSettingsUnderTheReadmesSpelling() throws Exception {
        Properties repository = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("application.properties"))) {
            repository.load(reader);
        }
        UnknownSettings check = UnknownSettings.definedIn(repository);
        Map<String, String> environment = new HashMap<>();
        repository.stringPropertyNames().stream().filter(name -> name.startsWith("archiver."))
                .forEach(name -> environment.put(name.toUpperCase().replace('.', '_').replace('-', '_'), "x"));
        assertThat(environment).containsKeys("ARCHIVER_S3_BUCKET", "ARCHIVER_DISPATCH_POLL_INTERVAL", "ARCHIVER_DB_START_TIMEOUT");
        assertThat(check.check(environment, repository)).isEmpty();
    }

    @Test
    void theStartReadsTheFileInUseAndThePackagedOne(@TempDir Path dir) throws Exception {
        Path own = dir.resolve("application.properties");
        Files.writeString(own, "archiver.own.setting = x\n");
        Properties ownFile = new Properties();
        ownFile.load(Files.newBufferedReader(own));

        assertThat(App.unknownSettings("file:" + own, ownFile, Map.of("ARCHIVER_OWN_SETTING", "y", "ARCHIVER_S3_BUCKET", "b"),
                new Properties())).as("the own file's settings and the packaged ones").isEmpty();
        assertThat(App.unknownSettings(App.PACKAGED_PROPERTIES, LogFormat.load(App.PACKAGED_PROPERTIES), Map.of("ARCHIVER_S3_BUKCET", "my-recordings"),
                new Properties())).hasValue("unknown setting archiver.s3.bukcet (environment variable ARCHIVER_S3_BUKCET):"
                        + " did you mean archiver.s3.bucket (ARCHIVER_S3_BUCKET)? Every setting is listed in application.properties");
    }
}
