package io.recordingarchiver.transfer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The object tags of {@code archiver.s3.tags}: parsed and checked against S3's limits at start (at
 * most 10 tags, unique keys of 1 to 128 characters not starting with {@code aws:}, values up to 256
 * characters, letters, digits, spaces and {@code + - = . _ : / @} only;
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html), and encoded for
 * {@code x-amz-tagging}. Used by {@link ObjectSettings}.
 */
final class ObjectTags {

    static final int MAX_TAGS = 10;
    static final int MAX_TAG_KEY = 128;
    static final int MAX_TAG_VALUE = 256;
    private static final Pattern TAG_CHARACTERS = Pattern.compile("[\\p{L}\\p{N}\\p{Zs}+\\-=._:/@]*");

    private ObjectTags() {
    }

    /**
     * @param value the setting as written: URL-encoded {@code key=value} pairs joined by {@code &}, or blank
     * @return the tags, decoded, in the order given (empty for a blank setting)
     * @throws IllegalArgumentException naming the setting and the rule a pair breaks
     */
    static Map<String, String> parse(String value) {
        Map<String, String> tags = new LinkedHashMap<>();
        String all = value == null ? "" : value.trim();
        if (all.isEmpty()) {
            return tags;
        }
        for (String pair : all.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw invalidTags(value, "'" + pair + "' is not key=value");
            }
            String key = decode(value, pair.substring(0, equals));
            String tagValue = decode(value, pair.substring(equals + 1));
            if (key.isEmpty() || key.length() > MAX_TAG_KEY) {
                throw invalidTags(value, "the key of '" + pair + "' must have 1 to " + MAX_TAG_KEY + " characters");
            }
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw invalidTags(value, "the key '" + key + "' starts with aws:, which is reserved for AWS");
            }
            if (tagValue.length() > MAX_TAG_VALUE) {
                throw invalidTags(value, "the value of '" + key + "' is longer than " + MAX_TAG_VALUE + " characters");
            }
            if (!TAG_CHARACTERS.matcher(key).matches() || !TAG_CHARACTERS.matcher(tagValue).matches()) {
                throw invalidTags(value, "'" + key + "=" + tagValue
                        + "' has a character S3 does not allow in tags (letters, digits, spaces and + - = . _ : / @ only)");
            }
            if (tags.put(key, tagValue) != null) {
                throw invalidTags(value, "the key '" + key + "' is given twice");
            }
        }
        if (tags.size() > MAX_TAGS) {
            throw invalidTags(value, tags.size() + " tags, but S3 allows at most " + MAX_TAGS + " per object");
        }
        return tags;
    }

    private static String decode(String setting, String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidTags(setting, "'" + text + "' is not URL-encoded correctly (" + e.getMessage() + ")");
        }
    }

    /** The tags as sent in {@code x-amz-tagging}: RFC 3986 encoded pairs joined by {@code &}. */
    static String encode(Map<String, String> tags) {
        StringJoiner joined = new StringJoiner("&");
        tags.forEach((key, value) -> joined.add(SdkHttpUtils.urlEncode(key) + "=" + SdkHttpUtils.urlEncode(value)));
        return joined.toString();
    }

    private static IllegalArgumentException invalidTags(String value, String why) {
        return new IllegalArgumentException("the setting " + ObjectSettings.TAGS + " must be URL-encoded key=value pairs joined by &"
                + " (such as team=video&retention=7y): " + why + "; it is '" + value + "'");
    }
}
