package io.recordingarchiver;

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
 * The one JSON parser configuration for untrusted input: a single object, no duplicate keys, at
 * most {@value #MAX_NESTING_DEPTH} levels deep, nothing after it. Failures become a 400
 * {@link IntakeRejection} whose sentence never quotes the input.
 */
final class StrictJson {

    static final int MAX_NESTING_DEPTH = 32;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .build())
            .build();

    private StrictJson() {
    }

    /** Parses {@code json} as exactly one JSON object, or throws a 400 rejection. */
    static ObjectNode readObject(String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonNode node = readValue(parser);
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

    private static JsonNode readValue(JsonParser parser) {
        try {
            return MAPPER.readTree(parser);
        } catch (StreamConstraintsException e) {
            throw rejection("the body is nested deeper than " + MAX_NESTING_DEPTH
                    + " levels or holds an oversized value");
        } catch (JsonProcessingException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
                throw rejection("the body has a duplicate key");
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
