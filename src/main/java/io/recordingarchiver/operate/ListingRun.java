package io.recordingarchiver.operate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.recordingarchiver.event.RecordingPage;

/**
 * One pass over the REST API's list of recordings within a time window: a scheduled reconciliation
 * or an operator's backfill (UPLOADED, not-expired recordings), or one round of the polling mode
 * (every status). Knows which page comes next, what was listed and enqueued so far, and why it
 * stopped early, if it did. Used by one exchange at a time.
 *
 * <p>Paging is right whether {@code page_no} and the offsets count from 0 or from 1 (Cloudflare's
 * schema, cloudflare-typescript {@code src/resources/realtime-kit/recordings.ts}, does not say; its
 * examples' offsets are 1-based and inclusive): the run starts at {@code page_no=0}, asks page 1 when
 * page 0 comes back empty (pages counted from 1), and stops on an empty page, once the distinct
 * recordings seen reach {@code total_count}, or after two pages in a row that brought nothing new
 * (a server that answers page 0 and page 1 alike would repeat a page once, never twice).
 * Offsets are not used, so no off-by-one in them can lose the last recording.
 */
public class ListingRun {

    /** What a run lists and how it enqueues what it finds. */
    public enum Kind {
        /** UPLOADED, not expired; enqueued as {@code reconcile:<recordingId>}. */
        RECONCILE,
        /** Every status; enqueued as {@code poll:<recordingId>:<status>}. */
        POLL
    }

    /** Recordings asked for per page. */
    static final int PER_PAGE = 50;
    /** A ceiling on pages per run (50,000 recordings), against a server that never stops paging. */
    static final int MAX_PAGES = 1000;

    private final Instant from;
    private final Instant to;
    private final Kind kind;
    private final Set<String> seen = new HashSet<>();
    private int pageNo;
    private int pages;
    private int listed;
    private int enqueued;
    private int pagesWithoutNew;
    private boolean more = true;
    private String failure;

    ListingRun(Instant from, Instant to) {
        this(from, to, Kind.RECONCILE);
    }

    ListingRun(Instant from, Instant to, Kind kind) {
        this.from = from;
        this.to = to;
        this.kind = kind;
    }

    /**
     * The query of the next page: oldest first, so recordings that appear while the run pages
     * through the list are appended at its end instead of shifting the pages not read yet.
     */
    public String getQuery() {
        String filter = kind == Kind.RECONCILE ? "status=UPLOADED&expired=false&" : "";
        return filter + "start_time=" + from + "&end_time=" + to
                + "&sort_by=invokedTime&sort_order=ASC&page_no=" + pageNo + "&per_page=" + PER_PAGE;
    }

    /** True while there are pages to read and nothing went wrong. */
    public boolean isMore() {
        return more && failure == null;
    }

    public Kind getKind() {
        return kind;
    }

    /**
     * Counts a page read, decides whether another follows, and returns the recordings of the page
     * not seen before in this run (a recording without an id is always new: the caller reports it).
     */
    List<JsonNode> pageRead(RecordingPage page) {
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode recording : page.recordings()) {
            JsonNode id = recording.get("id");
            if (id == null || !id.isTextual() || seen.add(id.asText())) {
                fresh.add(recording);
            }
        }
        boolean pageZeroEmpty = pageNo == 0 && page.recordings().isEmpty();
        pages++;
        pageNo++;
        listed += fresh.size();
        pagesWithoutNew = fresh.isEmpty() ? pagesWithoutNew + 1 : 0;
        if (pageZeroEmpty) {
            more = true; // pages may count from 1: page 0 then says nothing about page 1
        } else {
            more = !page.recordings().isEmpty() && seen.size() < page.totalCount()
                    && pagesWithoutNew < 2 && pages < MAX_PAGES;
        }
        return fresh;
    }

    /**
     * Counts recordings put into the inbox. Not named {@code enqueued}: the routes' log line reads
     * {@code ${variable.run.enqueued}}, and Simple calls a method of that name before the getter,
     * converting the message body to its {@code int} (every run ended in a TypeConversionException).
     */
    void addEnqueued(int count) {
        enqueued += count;
    }

    /** Stops the run with a reason (redacted, no secret) after the listing failed. */
    void failed(String reason) {
        failure = reason;
    }

    public Instant getFrom() {
        return from;
    }

    public Instant getTo() {
        return to;
    }

    /** Pages read. */
    public int getPages() {
        return pages;
    }

    /** Distinct recordings the API listed. */
    public int getListed() {
        return listed;
    }

    /** Recordings (or, polling, statuses) put into the inbox, not archived and not there already. */
    public int getEnqueued() {
        return enqueued;
    }

    /** Why the run stopped early, or null. */
    public String getFailure() {
        return failure;
    }
}
