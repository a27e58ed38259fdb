package io.recordingarchiver.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One page of {@code GET /recordings}.
 *
 * @param recordings the REST recording objects (snake_case), ready for {@link RecordingEvent#fromRest}
 * @param totalCount {@code paging.total_count}: all recordings matching the query
 * @param endOffset  {@code paging.end_offset}: the offset of this page's last recording (1-based and
 *                   inclusive in Cloudflare's published examples; informational, paging does not rely on it)
 */
public record RecordingPage(List<JsonNode> recordings, long totalCount, long endOffset) {

    /** Keeps an unmodifiable copy of the list. */
    public RecordingPage {
        recordings = List.copyOf(recordings);
    }
}
