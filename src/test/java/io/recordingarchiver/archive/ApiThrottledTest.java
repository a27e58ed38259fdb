package io.recordingarchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import io.recordingarchiver.operate.RetryAfterDelay;

/** Reading {@code retry-after}, and turning it into Camel's per-exchange redelivery delay. */
class ApiThrottledTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-10T10:30:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(throttled("7").retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(throttled("Wed, 10 Jun 2026 10:30:42 GMT").retryAfter()).isEqualTo(Duration.ofSeconds(42));
        assertThat(throttled("Wed, 10 Jun 2026 10:29:00 GMT").retryAfter()).isEqualTo(Duration.ZERO);
        assertThat(throttled("-5").retryAfter()).isEqualTo(Duration.ZERO);
        assertThat(throttled("86400").retryAfter()).isEqualTo(ApiThrottled.LONGEST_WAIT);
        assertThat(throttled(null).retryAfter()).isNull();
        assertThat(throttled("soon").retryAfter()).isNull();
        assertThat(throttled("7").getReason()).isEqualTo("api-unavailable");
    }

    @Test
    void redeliveryWaitsForTheRetryAfterOrTheBackoffWhicheverIsLonger() {
        RetryAfterDelay delay = new RetryAfterDelay(100, 1000);

        assertThat(delayAfter(delay, throttled("2"), null)).isEqualTo(2000L);
        assertThat(delayAfter(delay, throttled("0"), 3)).as("fourth redelivery: 100 x 2^3 = 800").isEqualTo(800L);
        assertThat(delayAfter(delay, throttled("0"), 9)).as("capped at the longest delay").isEqualTo(1000L);
        assertThat(delayAfter(delay, new RuntimeException("wrapped", throttled("1")), 0)).isEqualTo(1000L);
    }

    @Test
    void anyOtherFailureLeavesTheBackoffToThePolicy() {
        RetryAfterDelay delay = new RetryAfterDelay(100, 1000);

        assertThat(delayAfter(delay, throttled(null), 0)).isNull();
        assertThat(delayAfter(delay, new ArchiveFailure.Transient("download-unavailable", "500"), 0)).isNull();
    }

    /** The delay header after a failure, with a stale header from an earlier 429 present beforehand. */
    private static Long delayAfter(RetryAfterDelay delay, Exception failure, Integer redeliveriesDone) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 123_456L);
        if (redeliveriesDone != null) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, redeliveriesDone);
        }
        exchange.setException(failure);
        delay.process(exchange);
        return exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY, Long.class);
    }

    private static ApiThrottled throttled(String retryAfter) {
        return new ApiThrottled("api-unavailable", "the API answered 429", retryAfter, CLOCK);
    }
}
