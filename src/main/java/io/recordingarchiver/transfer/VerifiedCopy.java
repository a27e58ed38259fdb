package io.recordingarchiver.transfer;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordingarchiver.dispatch.ArchivedFile;
import io.recordingarchiver.archive.FileToArchive;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Recognises a copy of a file that this archiver stored and verified already, so a recording is
 * never downloaded twice: the object must be at its key with the size recorded for it, and the
 * record is the state store's ({@link TransferJournal#verifiedFile}) or, when the state store was
 * lost, the recording's manifest (written only after every file was verified) naming the key with
 * its size and SHA-256.
 */
final class VerifiedCopy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectWriter writer;
    private final TransferJournal journal;

    VerifiedCopy(ObjectWriter writer, TransferJournal journal) {
        this.writer = writer;
        this.journal = journal;
    }

    /** The verified copy of the file, or null. */
    ArchivedFile find(FileToArchive file, String manifestKey) {
        HeadObjectResponse head = head(file.key());
        if (head == null || (file.expectedSize() != null && head.contentLength() != file.expectedSize().longValue())) {
            return null;
        }
        ArchivedFile remembered = journal.verifiedFile(file.key());
        if (remembered != null && remembered.size() == head.contentLength()) {
            return remembered;
        }
        JsonNode named = manifestKey == null ? null : namedIn(manifest(manifestKey), file.key());
        if (named == null || !named.path("sha256").isTextual() || named.path("size").asLong(-1) != head.contentLength()) {
            return null;
        }
        return new ArchivedFile(file.key(), head.contentLength(), named.path("sha256").asText(), head.contentType(),
                file.sourceFileName());
    }

    /** The object's head, or null when there is no object at the key. */
    HeadObjectResponse head(String key) {
        return writer.head(key);
    }

    private JsonNode manifest(String key) {
        try {
            return JSON.readTree(writer.client().getObjectAsBytes(b -> b.bucket(writer.bucket()).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw S3Errors.classify(e, "reading the manifest " + key);
        } catch (SdkException e) {
            throw S3Errors.classify(e, "reading the manifest " + key);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The object anywhere in the manifest whose {@code key} is {@code key}, or null. */
    private static JsonNode namedIn(JsonNode node, String key) {
        if (node == null) {
            return null;
        }
        if (node.isObject() && key.equals(node.path("key").asText(null))) {
            return node;
        }
        for (JsonNode child : node) {
            JsonNode found = namedIn(child, key);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
