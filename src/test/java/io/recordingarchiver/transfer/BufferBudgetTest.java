package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The one memory budget of all transfers. */
class BufferBudgetTest {

    @Test
    void takingWaitsWhileTheBudgetIsSpentAndBuffersAreReused() throws Exception {
        BufferBudget budget = new BufferBudget(100);
        byte[] first = budget.take(60);
        CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.take(60);
            } catch (java.io.InterruptedIOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(budget.inUse()).isEqualTo(60);
        assertThat(waiting).isNotDone();

        budget.give(first);

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isSameAs(first);
        assertThat(budget.inUse()).isEqualTo(60);
    }

    @Test
    void aBufferLargerThanTheBudgetIsGrantedAloneRatherThanNever() throws Exception {
        BufferBudget budget = new BufferBudget(10);
        byte[] big = budget.take(50);
        assertThat(big).hasSize(50);
        budget.give(big);
        assertThat(budget.inUse()).isZero();
    }

    @Test
    void theDefaultIsAQuarterOfTheMaximumHeapAndTheBudgetMustBePositive() {
        assertThat(BufferBudget.budgetFor(0)).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
        assertThat(BufferBudget.budgetFor(123)).isEqualTo(123);
        assertThatThrownBy(() -> new BufferBudget(0)).hasMessageContaining("archiver.transfer.memory-budget");
    }
}
