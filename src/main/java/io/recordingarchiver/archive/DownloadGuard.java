package io.recordingarchiver.archive;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Decides which hosts the archiver may download recordings from, so a webhook payload cannot make
 * it fetch from inside the network it runs in (SSRF). A link is allowed when
 * <ul>
 * <li>its scheme is https (or http, when {@code requireHttps} is false);</li>
 * <li>its host matches one of {@code allowedHosts} (exact names, or {@code *.example.com} for any
 *     name below example.com), or the list is empty;</li>
 * <li>every address its host resolves to is public: loopback, private (RFC 1918, IPv6 unique
 *     local), carrier-grade NAT, link-local (cloud metadata at 169.254.169.254), multicast,
 *     unspecified, broadcast and reserved ranges are refused unless {@code allowPrivateNetworks}.</li>
 * </ul>
 *
 * <p>The route checks the first link with {@link #requireAllowed(FileToArchive)} before the call.
 * As the download endpoint's {@link HttpClientConfigurer} the guard also installs a route planner
 * into camel-http's HttpClient that checks every request it makes, the first one and every redirect
 * hop, and pins the connection to the addresses it checked: the host name travels on for TLS,
 * but the connection operator dials the pinned address and never looks the name up again, so a
 * DNS answer that changes between check and connect gains nothing.
 *
 * <p>A refused link is an {@link ArchiveFailure} {@code link-refused}: final, never retried. Its
 * message names the host and the rule, never the link's query.
 */
public class DownloadGuard implements HttpClientConfigurer {

    /** Address ranges refused unless private networks are allowed. */
    private static final List<AddressRange> FORBIDDEN = List.of(
            AddressRange.of("0.0.0.0/8"),         // "this" network, unspecified
            AddressRange.of("10.0.0.0/8"),        // private
            AddressRange.of("100.64.0.0/10"),     // carrier-grade NAT, some cloud internals
            AddressRange.of("127.0.0.0/8"),       // loopback
            AddressRange.of("169.254.0.0/16"),    // link-local, cloud metadata
            AddressRange.of("172.16.0.0/12"),     // private
            AddressRange.of("192.0.0.0/24"),      // IETF protocol assignments
            AddressRange.of("192.168.0.0/16"),    // private
            AddressRange.of("198.18.0.0/15"),     // benchmarking
            AddressRange.of("224.0.0.0/4"),       // multicast
            AddressRange.of("240.0.0.0/4"),       // reserved, broadcast
            AddressRange.of("::/128"),            // unspecified
            AddressRange.of("::1/128"),           // loopback
            AddressRange.of("fc00::/7"),          // unique local
            AddressRange.of("fe80::/10"),         // link-local
            AddressRange.of("fec0::/10"),         // site-local (deprecated)
            AddressRange.of("ff00::/8"));         // multicast

    private final boolean requireHttps;
    private final List<String> allowedHosts;
    private final boolean allowPrivateNetworks;
    private final Function<String, InetAddress[]> resolver;

    /**
     * @param requireHttps refuse plain http links
     * @param allowedHosts comma-separated host names, {@code *.} wildcards allowed; blank means any
     * @param allowPrivateNetworks let links reach loopback, private and link-local addresses
     */
    public DownloadGuard(boolean requireHttps, String allowedHosts, boolean allowPrivateNetworks) {
        this(requireHttps, allowedHosts, allowPrivateNetworks, DownloadGuard::systemResolve);
    }

    /** As the public constructor, with the name lookup to use (tests map names without real DNS). */
    DownloadGuard(boolean requireHttps, String allowedHosts, boolean allowPrivateNetworks,
            Function<String, InetAddress[]> resolver) {
        this.requireHttps = requireHttps;
        this.allowedHosts = parseHosts(allowedHosts);
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.resolver = resolver;
    }

    /**
     * Checks a file's link before it is fetched.
     *
     * @throws ArchiveFailure {@code link-refused} naming the file's key and the rule it breaks
     */
    public void requireAllowed(FileToArchive file) {
        URI uri;
        try {
            uri = URI.create(file.url().trim());
        } catch (IllegalArgumentException e) {
            throw refused("the download link for " + file.key() + " is not a valid URL");
        }
        try {
            check(uri);
        } catch (ArchiveFailure.Transient e) {
            throw new ArchiveFailure.Transient(e.getReason(), "the download for " + file.key() + ": " + e.getMessage());
        } catch (ArchiveFailure e) {
            throw refused("the download link for " + file.key() + " was refused: " + e.getMessage());
        }
    }

    /**
     * Checks scheme, host and the addresses the host resolves to.
     *
     * @return the addresses to connect to, all of them checked
     * @throws ArchiveFailure {@code link-refused} saying which rule the link breaks, or a transient
     *     {@code link-unresolved} when the host does not resolve (now)
     */
    public InetAddress[] check(URI uri) {
        String host = uri.getHost();
        if (uri.getScheme() == null || host == null) {
            throw refused("it is not an absolute URL with a host");
        }
        return check(uri.getScheme(), host);
    }

    /** True when {@code address} lies in a loopback, private, link-local, multicast, unspecified or reserved range. */
    public static boolean isNonPublic(InetAddress address) {
        byte[] bytes = embeddedIpv4(address.getAddress());
        return FORBIDDEN.stream().anyMatch(range -> range.contains(bytes));
    }

    /** Installs the guard's route planner into the download endpoint's HttpClient. */
    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.setRoutePlanner(routePlanner());
    }

    /** The planner that checks and pins every request's target. */
    HttpRoutePlanner routePlanner() {
        return new GuardedRoutePlanner();
    }

    private InetAddress[] check(String scheme, String rawHost) {
        String s = scheme.toLowerCase(Locale.ROOT);
        if (!s.equals("https") && !(s.equals("http") && !requireHttps)) {
            throw refused(requireHttps ? "only https links are allowed, not " + s
                    : "only http and https links are allowed, not " + s);
        }
        String host = normalise(rawHost);
        if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(pattern -> matches(pattern, host))) {
            throw refused("the host " + host + " is not in archiver.download.allowed-hosts");
        }
        InetAddress[] addresses = resolve(host);
        if (!allowPrivateNetworks) {
            for (InetAddress address : addresses) {
                if (isNonPublic(address)) {
                    throw refused("the host " + host + " resolves to the non-public address "
                            + address.getHostAddress());
                }
            }
        }
        return addresses;
    }

    private InetAddress[] resolve(String host) {
        InetAddress[] addresses;
        try {
            addresses = resolver.apply(host);
        } catch (RuntimeException e) {
            addresses = null;
        }
        if (addresses == null || addresses.length == 0) {
            throw new ArchiveFailure.Transient("link-unresolved", "the host " + host + " could not be resolved");
        }
        return addresses.clone();
    }

    private static InetAddress[] systemResolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new InetAddress[0];
        }
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
        }
        return host.equals(pattern);
    }

    /** Lower case, without IPv6 brackets and without a trailing dot. */
    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static List<String> parseHosts(String hosts) {
        if (hosts == null || hosts.isBlank()) {
            return List.of();
        }
        return Arrays.stream(hosts.split(","))
                .map(String::trim)
                .filter(h -> !h.isEmpty())
                .map(DownloadGuard::normalise)
                .toList();
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address, else the address itself. */
    private static byte[] embeddedIpv4(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= address[i] == 0;
        }
        boolean mapped = zeroPrefix && (address[10] & 0xff) == 0xff && (address[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && address[10] == 0 && address[11] == 0
                && !(address[12] == 0 && address[13] == 0 && address[14] == 0 && (address[15] & 0xfe) == 0);
        boolean nat64 = (address[0] & 0xff) == 0x00 && (address[1] & 0xff) == 0x64 && (address[2] & 0xff) == 0xff
                && (address[3] & 0xff) == 0x9b && Arrays.equals(address, 4, 12, new byte[8], 0, 8);
        return mapped || compatible || nat64 ? Arrays.copyOfRange(address, 12, 16) : address;
    }

    private static ArchiveFailure refused(String why) {
        return new ArchiveFailure("link-refused", why);
    }

    /**
     * Routes each request of the download client, redirect hops included, to a checked address of
     * its target: the target keeps its name (TLS) and carries the address to dial.
     */
    private final class GuardedRoutePlanner implements HttpRoutePlanner {
        @Override
        public HttpRoute determineRoute(HttpHost target, HttpContext context) {
            InetAddress[] addresses = check(target.getSchemeName(), target.getHostName());
            int port = DefaultSchemePortResolver.INSTANCE.resolve(target);
            HttpHost pinned = new HttpHost(target.getSchemeName(), addresses[0], target.getHostName(), port);
            return new HttpRoute(pinned, null, "https".equalsIgnoreCase(target.getSchemeName()));
        }
    }

    /** An address range in CIDR notation. */
    private record AddressRange(byte[] network, int prefixLength) {

        static AddressRange of(String cidr) {
            String[] parts = cidr.split("/");
            try {
                return new AddressRange(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            int rest = prefixLength % 8;
            if (!Arrays.equals(address, 0, full, network, 0, full)) {
                return false;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[full] & mask) == (network[full] & mask);
        }
    }
}
