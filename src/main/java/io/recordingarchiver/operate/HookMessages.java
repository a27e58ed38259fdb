package io.recordingarchiver.operate;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recordingarchiver.Redaction;
import io.recordingarchiver.event.RecordingEvent;
import io.recordingarchiver.dispatch.ArchivedFile;

/**
 * The JSON bodies the example hooks (examples/*.yaml) send: a Slack-compatible chat message for a
 * recording that will not be archived, and a summary of an archived recording. Built from ids, keys,
 * sizes, checksums and reason codes only: never a download link. Also the log text of a failed hook call.
 */
public class HookMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s\"'<>]+");

    /** {@code {"text": "..."}} for an ERRORED or FAILED recording, accepted by Slack, Mattermost, Rocket.Chat and Teams-compatible relays. */
    public String chatAlert(RecordingEvent event, String reason) {
        String title = event.meetingTitle() == null ? "" : " of meeting \"" + event.meetingTitle() + "\"";
        ObjectNode message = JSON.createObjectNode();
        message.put("text", "Recording " + event.recordingId() + title + " was not archived: " + reason
                + " (meeting " + event.meetingId() + ")");
        return message.toString();
    }

    /** What was archived: ids, the keys, sizes and SHA-256 of the recording and of its audio file when there is one. */
    public String archived(String bucket, RecordingEvent event, ArchivedFile recording, ArchivedFile audio) {
        ObjectNode body = JSON.createObjectNode();
        body.put("event", "recording.archived");
        body.put("recordingId", event.recordingId());
        body.put("meetingId", event.meetingId());
        body.put("meetingTitle", event.meetingTitle());
        body.put("bucket", bucket);
        file(body, "recording", recording);
        file(body, "audio", audio);
        return body.toString();
    }

    /**
     * Why a hook call failed, for the log: the exception's type and message with every URL cut down
     * to its scheme and host, because a hook URL (a chat webhook's path) is itself a credential.
     */
    public String failure(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        String message = failure.getMessage() == null ? "" : ": " + failure.getMessage();
        Matcher urls = URL.matcher(message);
        StringBuilder safe = new StringBuilder();
        while (urls.find()) {
            urls.appendReplacement(safe, Matcher.quoteReplacement(hostOnly(urls.group())));
        }
        urls.appendTail(safe);
        return failure.getClass().getSimpleName() + safe;
    }

    private static String hostOnly(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() == null ? Redaction.REDACTED_URL
                    : uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/<redacted>";
        } catch (IllegalArgumentException e) {
            return Redaction.REDACTED_URL;
        }
    }

    private static void file(ObjectNode body, String name, ArchivedFile file) {
        if (file == null) {
            body.putNull(name);
            return;
        }
        ObjectNode json = body.putObject(name);
        json.put("key", file.key());
        json.put("size", file.size());
        json.put("sha256", file.sha256());
    }
}
