package io.recordingarchiver.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The one way tests wait: on the condition itself, polled, with a generous upper bound that only
 * a hung process reaches (never a guess of how fast a process, a part or a kill is). Built on
 * Awaitility; a timeout fails with what was awaited and for how long.
 */
public final class Await {

    /** The bound for anything a healthy archiver does on a loaded 2-core machine: minutes, not seconds. */
    public static final Duration PATIENTLY = Duration.ofMinutes(3);

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Polls {@code condition} every 50 ms until it holds.
     *
     * @param what what is awaited, for the failure message ("recording X to be ARCHIVED")
     * @param atMost upper bound; past it an {@link AssertionError} names {@code what}
     * @throws AssertionError on timeout; an exception thrown by the condition ends the wait at once
     */
    public static void until(String what, Duration atMost, Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .pollInSameThread().until(condition);
        } catch (ConditionTimeoutException timedOut) {
            throw new AssertionError("timed out after " + atMost + " waiting for " + what, timedOut);
        }
    }

    /** {@link #until(String, Duration, Callable)} with {@link #PATIENTLY}. */
    public static void until(String what, Callable<Boolean> condition) {
        until(what, PATIENTLY, condition);
    }

    /**
     * Polls {@code supplier} until its value passes {@code accept}, and returns that value.
     *
     * @throws AssertionError on timeout, with the last value seen
     */
    public static <T> T value(String what, Duration atMost, Callable<T> supplier,
            java.util.function.Predicate<T> accept) {
        Object[] last = new Object[1];
        try {
            until(what, atMost, () -> {
                T value = supplier.call();
                last[0] = value;
                return accept.test(value);
            });
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; last seen: " + last[0], timedOut.getCause());
        }
        @SuppressWarnings("unchecked")
        T value = (T) last[0];
        return value;
    }
}
