package io.recordingarchiver;

import java.time.Instant;

/**
 * One pass over the REST API's list of UPLOADED, not-expired recordings that stopped within a time
 * window (a scheduled reconciliation or an operator's backfill): which page comes next, what was
 * listed and enqueued so far, and why it stopped early, if it did. Used by one exchange at a time.
 */
public class ListingRun {

    /** Recordings asked for per page. */
    static final int PER_PAGE = 50;

    private final Instant from;
    private final Instant to;
    private int pageNo;
    private int listed;
    private int enqueued;
    private boolean more = true;
    private String failure;

    ListingRun(Instant from, Instant to) {
        this.from = from;
        this.to = to;
    }

    /**
     * The query of the next page: oldest first, so recordings that stop while the run pages
     * through the list are appended at its end instead of shifting the pages not read yet.
     */
    public String getQuery() {
        return "status=UPLOADED&expired=false&start_time=" + from + "&end_time=" + to
                + "&sort_by=invokedTime&sort_order=ASC&page_no=" + pageNo + "&per_page=" + PER_PAGE;
    }

    /** True while there are pages to read and nothing went wrong. */
    public boolean isMore() {
        return more && failure == null;
    }

    /** Counts a page read and decides whether another follows. */
    void pageRead(RecordingPage page, int enqueuedFromPage) {
        listed += page.recordings().size();
        enqueued += enqueuedFromPage;
        pageNo++;
        more = !page.recordings().isEmpty() && page.endOffset() + 1 < page.totalCount();
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
        return pageNo;
    }

    /** UPLOADED recordings the API listed. */
    public int getListed() {
        return listed;
    }

    /** Recordings put into the inbox, not archived and not there already. */
    public int getEnqueued() {
        return enqueued;
    }

    /** Why the run stopped early, or null. */
    public String getFailure() {
        return failure;
    }
}
