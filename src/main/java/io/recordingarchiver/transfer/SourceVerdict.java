package io.recordingarchiver.transfer;

/**
 * What the first answer of the source means for a transfer, decided from its status and headers
 * alone (RFC 9110 sections 14 and 15.3.7), before any byte of it is used:
 * <ul>
 * <li>{@link Kind#RANGED}: a 206 covering exactly the bounded range asked, with the whole file's
 *     size: the rest is read in ranges too, several at once;</li>
 * <li>{@link Kind#STREAM}: a 206 covering exactly from the offset asked to the end: read on;</li>
 * <li>{@link Kind#FULL}: a 200 that is the whole file (to a request without Range, or with Range
 *     when its length is the full size): any stored parts are dropped and the file read from 0;</li>
 * <li>{@link Kind#RESTART}: anything else to a Range request (a 200 with only the slice, a 206 from
 *     elsewhere or with another total than the source gave before, a 416): stored parts are
 *     dropped and the file fetched again from 0 without Range. Never spliced.</li>
 * </ul>
 * A size that disagrees with RealtimeKit's announced {@code fileSize} fails at once as
 * {@code size-mismatch}, naming the header and both numbers.
 *
 * @param total the whole file's size as far as known (null when neither side gave it)
 * @param why   for RESTART, what was wrong with the answer
 */
public record SourceVerdict(Kind kind, Long total, String why) {

    public enum Kind { RANGED, STREAM, FULL, RESTART }

    /**
     * @param first     the first byte asked with Range, or null when no Range was sent
     * @param last      the last byte asked (inclusive), or null for "to the end"
     * @param announced RealtimeKit's announced fileSize, or null
     * @param known     the size the source gave when this upload started, or null
     */
    public static SourceVerdict of(int status, Long contentLength, String contentRangeHeader, Long first, Long last,
            Long announced, Long known, String key) {
        ContentRange range = ContentRange.parse(contentRangeHeader);
        if (first == null) {
            if (status == 206 || status == 416) {
                throw TransferFailures.invalidAnswer(key, "the source answered " + status + " to a request without Range");
            }
            if (announced != null && contentLength != null && !contentLength.equals(announced)) {
                throw TransferFailures.sizeMismatch(key, "the source's Content-Length", contentLength.toString(),
                        "RealtimeKit's announced fileSize", announced);
            }
            return new SourceVerdict(Kind.FULL, announced != null ? announced : contentLength, null);
        }
        String asked = "bytes=" + first + "-" + (last == null ? "" : last);
        if (status == 416) {
            return restart("the source answered 416 to " + asked);
        }
        if (status != 206) {
            Long full = known != null ? known : announced;
            boolean whole = contentRangeHeader == null && contentLength != null
                    && (full == null ? first == 0 || last == null : contentLength.equals(full));
            return whole ? new SourceVerdict(Kind.FULL, contentLength, null)
                    : restart("the source answered " + status + " to " + asked + " with Content-Length "
                            + contentLength + (contentRangeHeader == null ? "" : " and Content-Range " + contentRangeHeader)
                            + (full == null ? "" : ", not the whole file of " + full + " bytes"));
        }
        if (range == null || range.total() == null) {
            return restart("the source answered 206 to " + asked + " with Content-Range " + contentRangeHeader
                    + ", which does not give the whole file's size");
        }
        long total = range.total();
        if (announced != null && total != announced) {
            throw TransferFailures.sizeMismatch(key, "the source's Content-Range total", String.valueOf(total),
                    "RealtimeKit's announced fileSize", announced);
        }
        if (known != null && total != known) {
            return restart("the source's Content-Range total " + total + " differs from the size it gave before ("
                    + known + ")");
        }
        long expectedLast = last == null ? total - 1 : Math.min(last, total - 1);
        if (range.first() != first || range.last() != expectedLast
                || (contentLength != null && contentLength != range.length())) {
            return restart("the source answered " + asked + " with Content-Range " + contentRangeHeader
                    + (contentLength == null ? "" : " and Content-Length " + contentLength));
        }
        return new SourceVerdict(last == null ? Kind.STREAM : Kind.RANGED, total, null);
    }

    private static SourceVerdict restart(String why) {
        return new SourceVerdict(Kind.RESTART, null, why);
    }
}
