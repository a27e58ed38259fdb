package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import io.recordingarchiver.MutableClock;

class RunningTransfersTest {

    private final MutableClock clock = new MutableClock();
    private final RunningTransfers transfers = new RunningTransfers(Duration.ofSeconds(30), clock);

    @Test
    void progressCountsBytesAndGivesPercentRateAndEtaUntilTheStreamIsClosed() throws Exception {
        InputStream in = transfers.track(new ByteArrayInputStream(new byte[4000]), "rec-1", "k", 10_000L);
        in.readNBytes(1000);
        clock.advance(Duration.ofSeconds(1));
        in.readNBytes(1000);
        clock.advance(Duration.ofSeconds(1));

        TransferProgress progress = transfers.of("rec-1");
        assertThat(progress.bytes()).isEqualTo(2000);
        assertThat(progress.percent()).isEqualTo(20.0);
        assertThat(progress.bytesPerSecond()).isEqualTo(1000);
        assertThat(progress.eta()).isEqualTo(Duration.ofSeconds(8));
        assertThat(progress.describe()).contains("2000 of 10000 bytes", "20.0 %", "about 8 s left");

        in.close();
        assertThat(transfers.of("rec-1")).isNull();
    }

    @Test
    void unknownSizeHasNoPercentNorEta() throws Exception {
        try (InputStream in = transfers.track(new ByteArrayInputStream(new byte[10]), "rec-2", "k", null)) {
            in.read();
            assertThat(transfers.of("rec-2").percent()).isNull();
            assertThat(transfers.of("rec-2").eta()).isNull();
        }
    }

    @Test
    void logIsDueOncePerInterval() {
        TransferProgress progress = new TransferProgress("rec-3", "k", 1L, clock);
        assertThat(progress.dueForLog(Duration.ofSeconds(30))).isFalse();
        clock.advance(Duration.ofSeconds(31));
        assertThat(progress.dueForLog(Duration.ofSeconds(30))).isTrue();
        assertThat(progress.dueForLog(Duration.ofSeconds(30))).isFalse();
    }
}
