package io.recordingarchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.function.Function;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DownloadGuardTest {

    private static final String QUERY = "?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=0123456789abcdef";

    /** A fake DNS: names map to literal addresses; IP literals resolve to themselves. */
    private static final Function<String, InetAddress[]> DNS = name -> {
        Map<String, String> zone = Map.of(
                "bucket.example.com", "93.184.216.34",
                "cdn.bucket.example.com", "93.184.216.35",
                "public.example", "10.0.0.5",
                "mixed.example", "93.184.216.36,127.0.0.1");
        String answer = zone.getOrDefault(name, name.matches("[0-9.:a-f]+") ? name : null);
        if (answer == null) {
            return new InetAddress[0];
        }
        return java.util.Arrays.stream(answer.split(",")).map(DownloadGuardTest::literal).toArray(InetAddress[]::new);
    };

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static DownloadGuard strict() {
        return new DownloadGuard(true, "", false, DNS);
    }

    @Test
    void publicHttpsLinkIsAllowedAndItsCheckedAddressesReturned() {
        InetAddress[] addresses = strict().check(URI.create("https://bucket.example.com/r.mp4" + QUERY));
        assertThat(addresses).containsExactly(literal("93.184.216.34"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://127.0.0.1/r.mp4",
        "https://127.1.2.3/r.mp4",
        "https://10.1.2.3/r.mp4",
        "https://172.16.0.1/r.mp4",
        "https://172.31.255.255/r.mp4",
        "https://192.168.1.1/r.mp4",
        "https://169.254.169.254/latest/meta-data/",
        "https://100.100.100.200/r.mp4",
        "https://0.0.0.0/r.mp4",
        "https://224.0.0.1/r.mp4",
        "https://255.255.255.255/r.mp4",
        "https://[::1]/r.mp4",
        "https://[::]/r.mp4",
        "https://[fd00::1]/r.mp4",
        "https://[fe80::1]/r.mp4",
        "https://[ff02::1]/r.mp4",
        "https://[::ffff:10.0.0.1]/r.mp4",
        "https://[64:ff9b::a9fe:a9fe]/r.mp4",
        "https://public.example/r.mp4",
        "https://mixed.example/r.mp4"})
    void nonPublicAddressesAreRefused(String url) {
        assertThatThrownBy(() -> strict().check(URI.create(url + QUERY)))
                .isInstanceOf(ArchiveFailure.class)
                .isNotInstanceOf(ArchiveFailure.Transient.class)
                .hasMessageContaining("non-public address")
                .hasMessageNotContaining("X-Amz")
                .extracting(e -> ((ArchiveFailure) e).getReason()).isEqualTo("link-refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1", "::ffff:8.8.8.8"})
    void publicAddressesAreNotClassifiedNonPublic(String address) {
        assertThat(DownloadGuard.isNonPublic(literal(address))).isFalse();
    }

    @Test
    void privateNetworksCanBeAllowedForTestsAndOnPremisesStores() {
        DownloadGuard onPremises = new DownloadGuard(true, "", true, DNS);
        assertThat(onPremises.check(URI.create("https://public.example/r.mp4"))).containsExactly(literal("10.0.0.5"));
    }

    @Test
    void plainHttpIsRefusedByDefaultAndAllowedWhenConfigured() {
        assertThatThrownBy(() -> strict().check(URI.create("http://bucket.example.com/r.mp4")))
                .isInstanceOf(ArchiveFailure.class).hasMessageContaining("only https links are allowed");
        assertThat(new DownloadGuard(false, "", false, DNS).check(URI.create("http://bucket.example.com/r.mp4")))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://bucket.example.com/r.mp4", "file:///etc/passwd", "jar:https://bucket.example.com/a!/b",
        "gopher://bucket.example.com/"})
    void otherSchemesAreRefusedEvenWithoutHttpsRequired(String url) {
        assertThatThrownBy(() -> new DownloadGuard(false, "", true, DNS).check(URI.create(url)))
                .isInstanceOf(ArchiveFailure.class)
                .extracting(e -> ((ArchiveFailure) e).getReason()).isEqualTo("link-refused");
    }

    @Test
    void allowedHostsMatchExactNamesAndWildcardSubdomainsOnly() {
        DownloadGuard guard = new DownloadGuard(true, " Bucket.Example.com , *.bucket.example.com ", false, DNS);
        assertThat(guard.check(URI.create("https://bucket.example.com./r.mp4"))).hasSize(1);
        assertThat(guard.check(URI.create("https://CDN.bucket.example.com/r.mp4"))).hasSize(1);

        DownloadGuard wildcardOnly = new DownloadGuard(true, "*.bucket.example.com", false, DNS);
        assertThatThrownBy(() -> wildcardOnly.check(URI.create("https://bucket.example.com/r.mp4")))
                .hasMessageContaining("not in archiver.download.allowed-hosts");
        assertThatThrownBy(() -> wildcardOnly.check(URI.create("https://evilbucket.example.com/r.mp4")))
                .hasMessageContaining("not in archiver.download.allowed-hosts");
        assertThatThrownBy(() -> guard.check(URI.create("https://bucket.example.com.evil.test/r.mp4")))
                .hasMessageContaining("not in archiver.download.allowed-hosts");
    }

    @Test
    void anUnresolvableHostIsATransientFailure() {
        assertThatThrownBy(() -> strict().check(URI.create("https://nowhere.invalid/r.mp4")))
                .isInstanceOf(ArchiveFailure.Transient.class)
                .extracting(e -> ((ArchiveFailure) e).getReason()).isEqualTo("link-unresolved");
    }

    @Test
    void requireAllowedNamesTheKeyAndNeverTheQuery() {
        FileToArchive file = new FileToArchive("https://169.254.169.254/latest" + QUERY, "recordings/m/r/r.mp4",
                10L, Map.of(), "video/mp4", "r.mp4");
        assertThatThrownBy(() -> strict().requireAllowed(file))
                .isInstanceOf(ArchiveFailure.class)
                .hasMessageContaining("recordings/m/r/r.mp4")
                .hasMessageContaining("169.254.169.254")
                .hasMessageNotContaining("X-Amz")
                .hasMessageNotContaining("AKIAEXAMPLE");
    }

    @Test
    void requireAllowedRefusesAnUnparseableLink() {
        FileToArchive file = new FileToArchive("https://bad host/ r.mp4", "k", null, Map.of(), "video/mp4", "r.mp4");
        assertThatThrownBy(() -> strict().requireAllowed(file))
                .isInstanceOf(ArchiveFailure.class)
                .hasMessageContaining("not a valid URL");
    }

    @Test
    void everyRequestOfTheClientIsRoutedToTheCheckedAddressUnderItsOwnName() throws Exception {
        HttpRoutePlanner planner = strict().routePlanner();

        HttpRoute route = planner.determineRoute(new HttpHost("https", "bucket.example.com", -1), null);

        assertThat(route.getTargetHost().getAddress()).isEqualTo(literal("93.184.216.34"));
        assertThat(route.getTargetHost().getHostName()).isEqualTo("bucket.example.com");
        assertThat(route.getTargetHost().getPort()).isEqualTo(443);
        assertThat(route.isSecure()).isTrue();
    }

    @Test
    void aRedirectHopToAPrivateAddressOrPlainHttpIsRefusedByThePlanner() {
        HttpRoutePlanner planner = strict().routePlanner();

        assertThatThrownBy(() -> planner.determineRoute(new HttpHost("https", "public.example", 443), null))
                .isInstanceOf(ArchiveFailure.class).hasMessageContaining("non-public address 10.0.0.5");
        assertThatThrownBy(() -> planner.determineRoute(new HttpHost("https", "169.254.169.254", 443), null))
                .isInstanceOf(ArchiveFailure.class).hasMessageContaining("non-public address");
        assertThatThrownBy(() -> planner.determineRoute(new HttpHost("http", "bucket.example.com", 80), null))
                .isInstanceOf(ArchiveFailure.class).hasMessageContaining("only https");
    }
}
