package io.recordingarchiver.dispatch;

import static io.recordingarchiver.Events.newRecordingId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.recordingarchiver.dispatch.Inbox.Claim;
import io.recordingarchiver.dispatch.Inbox.Outcome;
import org.junit.jupiter.api.Test;
import io.recordingarchiver.Events;
import io.recordingarchiver.StoreContract;

/** The inbox's contract, run against each database the archiver supports. */
abstract class InboxContract extends StoreContract {

    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final Duration RETRY_DELAY = Duration.ofMinutes(1);
    private static final Duration A_SECOND = Duration.ofSeconds(1);

    private Inbox inbox(int workers) {
        return inbox(dataSource, workers);
    }

    private Inbox inbox(DataSource process, int workers) {
        return new Inbox(process, LEASE, RETRY_DELAY, workers, clock);
    }

    /** Accepts an UPLOADED recording (work for a transfer worker) under {@code deliveryId}. */
    private void accept(Inbox inbox, String deliveryId) {
        assertThat(inbox.accept(deliveryId, Events.uploaded(newRecordingId(), clock.instant().plus(Duration.ofDays(1)))))
                .isEqualTo(Outcome.ACCEPTED);
    }

    private static List<String> ids(List<Claim> claims) {
        return claims.stream().map(Claim::deliveryId).toList();
    }

    @Test
    void schemaCanBeCreatedAgainOnTheNextStart() {
        Schema.create(dataSource);
    }

    @Test
    void finishingOneClaimTwiceFreesOnlyOneWorker() {
        Inbox inbox = inbox(1);
        accept(inbox, "d-1");
        accept(inbox, "d-2");
        accept(inbox, "d-3");
        Claim first = inbox.claim().get(0);

        inbox.complete(first, "failed");
        inbox.complete(first, "processed");
        List<Claim> next = inbox.claim();

        assertThat(next).hasSize(1);
        assertThat(inbox.claim()).as("the only worker is busy").isEmpty();
    }

    @Test
    void sameDeliveryIdTwiceIsStoredOnce() {
        Inbox inbox = inbox(1);
        String recordingId = newRecordingId();

        assertThat(inbox.accept("d-1", Events.status(recordingId, "RECORDING"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(inbox.accept("d-1", Events.status(recordingId, "UPLOADING"))).isEqualTo(Outcome.DUPLICATE);
        assertThat(inbox.pending()).isEqualTo(1);
    }

    @Test
    void sameRecordingAndStatusUnderANewDeliveryIdIsStoredOnce() {
        Inbox inbox = inbox(1);
        String recordingId = newRecordingId();

        assertThat(inbox.accept("d-1", Events.status(recordingId, "RECORDING"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(inbox.accept("d-2", Events.status(recordingId, "RECORDING"))).isEqualTo(Outcome.DUPLICATE);
        assertThat(inbox.pending()).isEqualTo(1);
    }

    @Test
    void anotherStatusOfTheSameRecordingIsAccepted() {
        Inbox inbox = inbox(1);
        String recordingId = newRecordingId();

        assertThat(inbox.accept("d-1", Events.status(recordingId, "RECORDING"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(inbox.accept("d-2", Events.status(recordingId, "UPLOADING"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(inbox.pending()).isEqualTo(2);
    }

    @Test
    void claimsNoMoreThanItsIdleWorkers() {
        Inbox inbox = inbox(3);
        for (int i = 0; i < 5; i++) {
            accept(inbox, "d-" + i);
        }

        List<Claim> first = inbox.claim();
        assertThat(first).hasSize(3);
        assertThat(inbox.claim()).isEmpty();

        inbox.complete(first.get(0), "ARCHIVED");
        assertThat(inbox.claim()).hasSize(1);
    }

    @Test
    void stateChangesAreClaimedWhileEveryTransferWorkerIsBusy() {
        Inbox inbox = inbox(1);
        accept(inbox, "uploaded-1");
        accept(inbox, "uploaded-2");
        assertThat(ids(inbox.claim())).containsExactly("uploaded-1");
        for (int i = 0; i < Inbox.STATE_CHANGES_AT_ONCE + 5; i++) {
            inbox.accept("state-" + i, Events.status(newRecordingId(), "RECORDING"));
        }

        List<Claim> stateChanges = inbox.claim();

        assertThat(stateChanges).hasSize(Inbox.STATE_CHANGES_AT_ONCE).noneMatch(Claim::transfer);
        assertThat(inbox.claim()).as("no slot left in either lane").isEmpty();
        inbox.complete(stateChanges.get(0), "processed");
        assertThat(inbox.claim()).hasSize(1).allMatch(claim -> claim.deliveryId().startsWith("state-"));
    }

    @Test
    void claimsStateChangesFirstThenTheLinksThatExpireSoonest() {
        Inbox inbox = inbox(10);
        Instant now = clock.instant();
        inbox.accept("uploaded-in-3-days", Events.uploaded(newRecordingId(), now.plus(Duration.ofDays(3))));
        clock.advance(A_SECOND);
        inbox.accept("recording", Events.status(newRecordingId(), "RECORDING"));
        clock.advance(A_SECOND);
        inbox.accept("uploaded-in-1-day", Events.uploaded(newRecordingId(), now.plus(Duration.ofDays(1))));
        clock.advance(A_SECOND);
        inbox.accept("invoked", Events.status(newRecordingId(), "INVOKED"));

        assertThat(ids(inbox.claim()))
                .containsExactly("recording", "invoked", "uploaded-in-1-day", "uploaded-in-3-days");
    }

    @Test
    void claimedDeliveryIsNotClaimedAgainUntilItsLeaseRunsOut() {
        Inbox first = inbox(1);
        Inbox second = inbox(anotherProcess(2), 1);
        accept(first, "d-1");

        assertThat(first.claim()).singleElement().extracting(Claim::attempts).isEqualTo(1);
        clock.advance(LEASE.minus(A_SECOND));
        assertThat(second.claim()).isEmpty();

        clock.advance(A_SECOND.multipliedBy(2));
        assertThat(second.claim()).singleElement().satisfies(claim -> {
            assertThat(claim.deliveryId()).isEqualTo("d-1");
            assertThat(claim.attempts()).isEqualTo(2);
        });
    }

    @Test
    void completedDeliveryNeverComesBack() {
        Inbox inbox = inbox(1);
        accept(inbox, "d-1");

        inbox.complete(inbox.claim().get(0), "ARCHIVED");
        clock.advance(LEASE.plus(RETRY_DELAY).multipliedBy(10));

        assertThat(inbox.claim()).isEmpty();
        assertThat(inbox.pending()).isZero();
        assertThat(jdbc.queryForObject("SELECT outcome FROM delivery WHERE delivery_id = 'd-1'", String.class))
                .isEqualTo("ARCHIVED");
    }

    @Test
    void releasedDeliveryComesBackOnlyAfterTheRetryDelay() {
        Inbox inbox = inbox(1);
        accept(inbox, "d-1");

        inbox.release(inbox.claim().get(0));
        assertThat(inbox.claim()).isEmpty();
        clock.advance(RETRY_DELAY.minus(A_SECOND));
        assertThat(inbox.claim()).isEmpty();

        clock.advance(A_SECOND.multipliedBy(2));
        assertThat(inbox.claim()).singleElement().satisfies(claim -> {
            assertThat(claim.deliveryId()).isEqualTo("d-1");
            assertThat(claim.attempts()).isEqualTo(2);
        });
    }

    @Test
    void releaseAfterTheLeaseRanOutLeavesTheProcessThatTookOverAlone() {
        Inbox slow = inbox(1);
        Inbox takeover = inbox(anotherProcess(2), 1);
        Inbox third = inbox(anotherProcess(2), 1);
        accept(slow, "d-1");
        Claim stale = slow.claim().get(0);
        clock.advance(LEASE.plus(A_SECOND));
        assertThat(takeover.claim()).hasSize(1);

        slow.release(stale);
        clock.advance(RETRY_DELAY.plus(A_SECOND));

        assertThat(third.claim()).isEmpty();
    }

    @Test
    void releaseAllClaimsBringsEveryClaimBackAtOnce() {
        Inbox previousRun = inbox(3);
        for (int i = 0; i < 3; i++) {
            accept(previousRun, "d-" + i);
        }
        assertThat(previousRun.claim()).hasSize(3);

        Inbox restarted = inbox(3);
        assertThat(restarted.claim()).isEmpty();
        restarted.releaseAllClaims();

        assertThat(ids(restarted.claim())).containsExactlyInAnyOrder("d-0", "d-1", "d-2");
    }

    @Test
    void twoProcessesClaimingInParallelNeverHandOutTheSameDeliveryTwice() throws Exception {
        int deliveries = 200;
        int threadsPerProcess = 4;
        for (int i = 0; i < deliveries; i++) {
            accept(inbox(1), "d-" + i);
        }
        List<Inbox> processes = List.of(
                inbox(anotherProcess(threadsPerProcess), threadsPerProcess),
                inbox(anotherProcess(threadsPerProcess), threadsPerProcess));
        Map<String, Integer> handedOut = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2 * threadsPerProcess);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 2 * threadsPerProcess; t++) {
                Inbox process = processes.get(t % 2);
                workers.add(threads.submit(() -> {
                    start.await();
                    work(process, handedOut, stop);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(1, TimeUnit.MINUTES);
            }
        } finally {
            stop.set(true);
            threads.shutdown();
            threads.awaitTermination(1, TimeUnit.MINUTES);
        }

        assertThat(handedOut).hasSize(deliveries);
        assertThat(handedOut).allSatisfy((deliveryId, times) -> assertThat(times).as(deliveryId).isEqualTo(1));
    }

    /** A worker: claims, counts what it was handed, completes it, until nothing is left (or it is stopped). */
    private static void work(Inbox inbox, Map<String, Integer> handedOut, AtomicBoolean stop) {
        while (!stop.get() && inbox.pending() > 0) {
            for (Claim claim : inbox.claim()) {
                handedOut.merge(claim.deliveryId(), 1, Integer::sum);
                inbox.complete(claim, "ARCHIVED");
            }
        }
    }
}
