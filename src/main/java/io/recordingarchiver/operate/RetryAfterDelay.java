package io.recordingarchiver.operate;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import io.recordingarchiver.archive.ApiThrottled;

/**
 * Makes Camel's redelivery honour a {@code retry-after}. Referenced as {@code onExceptionOccurredRef}
 * of an {@code onException}: Camel runs it right after each failure and before it computes the next
 * delay, and takes that delay from the {@value Exchange#REDELIVERY_DELAY} header when present. After
 * an {@link ApiThrottled} that named a wait, the header is set to that wait or the exponential
 * backoff's own delay, whichever is longer; after any other failure it is removed, so the policy's
 * backoff applies.
 */
public class RetryAfterDelay implements Processor {

    private final long initialDelayMillis;
    private final long maxDelayMillis;

    /** The same delays as the redelivery policy it sits beside ({@code archiver.retry.*}). */
    public RetryAfterDelay(long initialDelayMillis, long maxDelayMillis) {
        this.initialDelayMillis = initialDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Duration asked = retryAfterIn(failure);
        if (asked == null) {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
            return;
        }
        int done = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, Math.max(asked.toMillis(), backoff(done + 1)));
    }

    /** The policy's delay before redelivery {@code n} (1 for the first): doubling from the initial delay, capped. */
    long backoff(int n) {
        double delay = initialDelayMillis * Math.pow(2, Math.max(0, n - 1));
        return (long) Math.min(delay, maxDelayMillis);
    }

    private static Duration retryAfterIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiThrottled throttled) {
                return throttled.retryAfter();
            }
        }
        return null;
    }
}
