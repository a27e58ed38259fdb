package io.recordingarchiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that removes credentials from what the archiver shows: logs, error texts,
 * manifests. Presigned URLs carry their credential in the query string, API calls in a bearer
 * token.
 */
public final class Redaction {

    /** What {@link #url(String)} returns for a value it cannot read as a URL. */
    public static final String REDACTED_URL = "<redacted-url>";

    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://\\S+");
    private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\bhttps?://[^\\s\"'<>]+");
    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z]+://)[^/?#@]*@");
    private static final Pattern BEARER = Pattern.compile("(?i)\\bBearer\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern SIGNED_PARAMETER = Pattern.compile(
            "(?i)\\b((?:X-Amz-|X-Goog-)?(?:Signature|Credential|Security-Token))=[^&\\s\"'<>,]+");

    private Redaction() {
    }

    /**
     * {@code scheme://host[:port]/path} of a URL, without user info, query and fragment. Null for
     * null; {@value #REDACTED_URL} for anything that is not an absolute URL with a host.
     */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return REDACTED_URL;
            }
            String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return uri.getScheme() + "://" + uri.getHost() + port + path;
        } catch (URISyntaxException e) {
            return REDACTED_URL;
        }
    }

    /**
     * Free text with every http(s) URL's query replaced by {@code ?<redacted>} (and its user info
     * dropped), {@code Bearer <token>} by {@code Bearer <redacted>}, and signature or credential
     * parameters ({@code X-Amz-Signature=}, {@code X-Amz-Credential=}, {@code Signature=}, ...)
     * by {@code name=<redacted>}. Null for null.
     */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        String out = URL_IN_TEXT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(urlInText(m.group())));
        out = BEARER.matcher(out).replaceAll("Bearer <redacted>");
        return SIGNED_PARAMETER.matcher(out).replaceAll("$1=<redacted>");
    }

    /**
     * A deep copy of {@code node} in which every string that is an http(s) URL has gone through
     * {@link #url(String)} and every other string through {@link #text(String)}. Null for null.
     */
    public static JsonNode stripQueryStrings(JsonNode node) {
        return node == null ? null : redact(node.deepCopy());
    }

    private static JsonNode redact(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(redactValue(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> object.set(name, redact(object.get(name))));
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redact(array.get(i)));
            }
        }
        return node;
    }

    private static String redactValue(String value) {
        return HTTP_URL.matcher(value.trim()).matches() ? url(value) : text(value);
    }

    private static String urlInText(String url) {
        String withoutUser = USER_INFO.matcher(url).replaceFirst("$1");
        int query = withoutUser.indexOf('?');
        return query < 0 ? withoutUser : withoutUser.substring(0, query) + "?<redacted>";
    }
}
