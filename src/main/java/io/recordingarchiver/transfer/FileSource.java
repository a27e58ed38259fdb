package io.recordingarchiver.transfer;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.recordingarchiver.archive.ArchiveFailure;
import io.recordingarchiver.archive.DownloadGuard;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP side of the transfers: GETs of presigned links, with Apache HttpClient 5 directly so
 * that one file can be read over several connections at once.
 * <ul>
 * <li>{@code Accept-Encoding: identity} and content compression disabled: the bytes read are the
 *     bytes stored at the source, even when it labels them {@code Content-Encoding: gzip};</li>
 * <li>every request and every redirect hop goes through the {@link DownloadGuard}'s route planner
 *     (SSRF);</li>
 * <li>connect and read timeouts from the settings; a 5xx, 408 or 429 is transient, 401/403/410
 *     mean the link expired, anything else but 2xx and 416 is refused.</li>
 * </ul>
 */
public final class FileSource implements AutoCloseable {

    private final CloseableHttpClient http;

    /**
     * @param maxConnections connections open at once to all sources together
     * @param connectTimeoutMs milliseconds to connect
     * @param readTimeoutMs milliseconds of silence before a read fails
     */
    public FileSource(DownloadGuard guard, int maxConnections, int connectTimeoutMs, int readTimeoutMs) {
        HttpClientBuilder builder = HttpClientBuilder.create()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("recording-archiver")
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConnections).setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connectTimeoutMs, TimeUnit.MILLISECONDS)
                                .setSocketTimeout(readTimeoutMs, TimeUnit.MILLISECONDS).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(true)
                        .setResponseTimeout(Timeout.ofMilliseconds(readTimeoutMs)).build());
        guard.configureHttpClient(builder);
        this.http = builder.build();
    }

    /**
     * Opens a GET of the link.
     *
     * @param first the first byte to ask for with a Range header, or null for no Range header
     * @param last  the last byte to ask for (inclusive), or null for "to the end"
     * @return the answer, 2xx or 416, headers read and body open
     * @throws ArchiveFailure on any other status (classified as above)
     * @throws IOException when the source cannot be reached or stops answering
     */
    public SourceAnswer get(String url, String key, Long first, Long last) throws IOException {
        HttpGet get = new HttpGet(url);
        get.setHeader("Accept-Encoding", "identity");
        String range = first == null ? null : "bytes=" + first + "-" + (last == null ? "" : last);
        if (range != null) {
            get.setHeader("Range", range);
        }
        SourceAnswer answer = new SourceAnswer(http.executeOpen(null, get, null), range);
        int code = answer.status();
        if ((code >= 200 && code < 300) || code == 416) {
            return answer;
        }
        answer.close();
        String what = "the download for " + key + " answered " + code;
        if (code == 429 || code == 408 || code >= 500) {
            throw new ArchiveFailure.Transient("download-unavailable", what);
        }
        if (code == 401 || code == 403 || code == 410) {
            throw new ArchiveFailure("link-expired", what);
        }
        throw new ArchiveFailure("download-refused", what);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
