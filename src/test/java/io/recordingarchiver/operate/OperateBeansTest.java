package io.recordingarchiver.operate;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.junit.jupiter.api.Test;

class OperateBeansTest {

    @Test
    void theTransientRetryPolicyBacksOffExponentiallyBetweenTheConfiguredBounds() {
        RedeliveryPolicy policy = OperateBeans.transientRetryPolicy(5, 2000, 60000);
        assertThat(policy.getMaximumRedeliveries()).isEqualTo(5);
        assertThat(policy.isUseExponentialBackOff()).isTrue();
        assertThat(policy.getBackOffMultiplier()).isEqualTo(2.0);
        assertThat(policy.getRetryAttemptedLogLevel()).isEqualTo(LoggingLevel.WARN);
        assertThat(policy.isLogStackTrace()).isFalse();
        // the waits before attempts 1..7: 2 s doubling, capped at 60 s
        long previous = 0;
        long[] waits = new long[7];
        for (int attempt = 1; attempt <= 7; attempt++) {
            previous = policy.calculateRedeliveryDelay(previous, attempt);
            waits[attempt - 1] = previous;
        }
        assertThat(waits).containsExactly(2000, 4000, 8000, 16000, 32000, 60000, 60000);
    }
}
