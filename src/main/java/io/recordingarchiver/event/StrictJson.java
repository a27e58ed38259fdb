package io.recordingarchiver.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON parser configuration for untrusted input: a single object, at most
 * {@value #MAX_NESTING_DEPTH} levels deep, nothing after it. Failures become a 400
 * {@link IntakeRejection} whose sentence never quotes the input.
 *
 * <p><b>Duplicate keys</b> (one published RealtimeKit example has {@code meeting.createdAt} twice):
 * {@link #readObject} refuses them; {@link #readLenient} takes the <b>last</b> value of a repeated
 * key (what Jackson and JavaScript's {@code JSON.parse} do) and names the key, so the intake can log
 * a WARN.
 */
public final class StrictJson {

    static final int MAX_NESTING_DEPTH = 32;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .build())
            .build();

    /** As {@link #MAPPER}, but a repeated key keeps its last value. */
    private static final ObjectMapper LAST_VALUE_WINS = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .build())
            .build();

    private static final java.util.regex.Pattern DUPLICATE_FIELD = java.util.regex.Pattern.compile("Duplicate field '(.*)'");
    private static final java.util.regex.Pattern LOGGABLE_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** A parsed object, and the first repeated key found (null when none). */
    record Lenient(ObjectNode object, String duplicateKey) {
    }

    /**
     * Parses {@code json} as exactly one JSON object, taking the last value of a repeated key.
     * The repeated key is named in the result as sent when it is a plain name (letters, digits,
     * {@code _ . -}, at most 64), else as {@code "a key"}.
     *
     * @throws IntakeRejection 400 for anything that is not exactly one JSON object
     */
    static Lenient readLenient(String json) {
        try {
            return new Lenient(readObject(json), null);
        } catch (DuplicateKey duplicate) {
            try (JsonParser parser = LAST_VALUE_WINS.createParser(json)) {
                JsonNode node = readValue(LAST_VALUE_WINS, parser);
                if (node == null || !node.isObject()) {
                    throw rejection("the body is not a JSON object");
                }
                requireEnd(parser);
                return new Lenient((ObjectNode) node, duplicate.key);
            } catch (IOException e) {
                throw rejection("the body is not a JSON object");
            }
        }
    }

    /** Thrown by the strict parse for a repeated key: still a 400 to callers of {@link #readObject}. */
    private static final class DuplicateKey extends IntakeRejection {
        final String key;

        DuplicateKey(String key) {
            super(400, "the body has a duplicate key");
            this.key = key;
        }
    }

    private StrictJson() {
    }

    /** Parses {@code json} as exactly one JSON object, or throws a 400 rejection. */
    static ObjectNode readObject(String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonNode node = readValue(MAPPER, parser);
            if (node == null || !node.isObject()) {
                throw rejection("the body is not a JSON object");
            }
            requireEnd(parser);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw rejection("the body is not a JSON object");
        }
    }

    /** Serialises a tree compactly. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readValue(ObjectMapper mapper, JsonParser parser) {
        try {
            return mapper.readTree(parser);
        } catch (StreamConstraintsException e) {
            throw rejection("the body is nested deeper than " + MAX_NESTING_DEPTH
                    + " levels or holds an oversized value");
        } catch (JsonProcessingException e) {
            java.util.regex.Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.lookingAt()) {
                throw new DuplicateKey(LOGGABLE_KEY.matcher(duplicate.group(1)).matches() ? duplicate.group(1) : "a key");
            }
            throw rejection("the body is not a JSON object");
        } catch (IOException e) {
            throw rejection("the body is not a JSON object");
        }
    }

    private static void requireEnd(JsonParser parser) {
        try {
            if (parser.nextToken() == null) {
                return;
            }
        } catch (IOException e) {
            // unreadable trailing bytes are trailing content as well
        }
        throw rejection("the body has content after the JSON object");
    }

    private static IntakeRejection rejection(String reason) {
        return new IntakeRejection(400, reason);
    }
}
