package io.recordingarchiver.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import io.recordingarchiver.event.RecordingPage;
import io.recordingarchiver.event.StrictJson;

/**
 * Paging through the recordings list against simulated servers: pages counted from 0, from 1 (page 0
 * empty), from 1 with page 0 answered like page 1, and offsets in either base.
 */
class ListingRunTest {

    private static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-06-09T00:00:00Z");

    @Test
    void pagesCountedFromZeroListEveryRecordingUpToTheLast() {
        List<String> seen = drain(new ListingRun(FROM, TO), server(101, 0));

        assertThat(seen).hasSize(101).doesNotHaveDuplicates().contains("r100");
    }

    @Test
    void pagesCountedFromOneWithPageZeroEmptyStillListEverything() {
        ListingRun run = new ListingRun(FROM, TO);
        List<String> seen = drain(run, server(51, 1));

        assertThat(seen).hasSize(51).doesNotHaveDuplicates().contains("r0", "r50");
        assertThat(run.getPages()).isEqualTo(3); // 0 (empty), 1, 2
    }

    @Test
    void pagesCountedFromOneWithPageZeroAnsweredLikePageOneListEverythingOnce() {
        IntFunction<RecordingPage> clamping = pageNo -> server(120, 1).apply(Math.max(pageNo, 1));
        ListingRun run = new ListingRun(FROM, TO);

        List<String> seen = drain(run, clamping);

        assertThat(seen).hasSize(120).doesNotHaveDuplicates();
        assertThat(run.getListed()).isEqualTo(120);
    }

    @Test
    void anEmptyListEndsAfterAskingPageOneToo() {
        ListingRun run = new ListingRun(FROM, TO);

        assertThat(drain(run, server(0, 0))).isEmpty();
        assertThat(run.getPages()).isEqualTo(2);
    }

    @Test
    void stopsOnceTotalCountIsReachedWithoutAnExtraCall() {
        ListingRun run = new ListingRun(FROM, TO);

        drain(run, server(100, 0));

        assertThat(run.getPages()).isEqualTo(2);
    }

    @Test
    void aServerRepeatingTheSamePageForeverIsLeftAfterTwoPagesWithNothingNew() {
        ListingRun run = new ListingRun(FROM, TO);
        RecordingPage same = page(List.of("a", "b"), 500);

        drain(run, pageNo -> same);

        assertThat(run.getPages()).isEqualTo(3);
        assertThat(run.getListed()).isEqualTo(2);
    }

    @Test
    void theQueryAsksOldestFirstAndReconcilesOnlyUploadedWhilePollingAsksEveryStatus() {
        ListingRun reconcile = new ListingRun(FROM, TO, ListingRun.Kind.RECONCILE);
        ListingRun poll = new ListingRun(FROM, TO, ListingRun.Kind.POLL);

        assertThat(reconcile.getQuery()).startsWith("status=UPLOADED&expired=false&")
                .contains("start_time=2026-06-01T00:00:00Z", "end_time=2026-06-09T00:00:00Z",
                        "sort_by=invokedTime", "sort_order=ASC", "page_no=0", "per_page=50");
        assertThat(poll.getQuery()).doesNotContain("status=", "expired=").contains("page_no=0");
        poll.pageRead(page(List.of(), 0));
        assertThat(poll.getQuery()).contains("page_no=1");
    }

    /** Reads pages until the run stops, returning the ids handed back as new. */
    private static List<String> drain(ListingRun run, IntFunction<RecordingPage> server) {
        List<String> ids = new ArrayList<>();
        int guard = 0;
        while (run.isMore()) {
            int pageNo = Integer.parseInt(run.getQuery().replaceAll(".*page_no=(\\d+).*", "$1"));
            for (JsonNode recording : run.pageRead(server.apply(pageNo))) {
                ids.add(recording.get("id").asText());
            }
            if (++guard > 100) {
                throw new AssertionError("the run never stopped");
            }
        }
        return ids;
    }

    /** A list of {@code total} recordings r0.. in pages of 50, {@code firstPage} being the first page's number. */
    private static IntFunction<RecordingPage> server(int total, int firstPage) {
        return pageNo -> {
            int index = pageNo - firstPage;
            List<String> ids = new ArrayList<>();
            for (int i = Math.max(index, 0) * ListingRun.PER_PAGE; index >= 0 && i < Math.min(total, (index + 1) * ListingRun.PER_PAGE); i++) {
                ids.add("r" + i);
            }
            return page(ids, total);
        };
    }

    private static RecordingPage page(List<String> ids, long total) {
        List<JsonNode> recordings = new ArrayList<>();
        ids.forEach(id -> recordings.add(StrictJson.MAPPER.createObjectNode().put("id", id).put("status", "UPLOADED")));
        return new RecordingPage(recordings, total, ids.size());
    }
}
