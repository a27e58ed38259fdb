package io.recordingarchiver.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The hashing side of the part pipeline: parts filled in any order are hashed in order. */
class OrderedHashingTest {

    private static final int PART = 1000;

    @Test
    void partsArrivingOutOfOrderAreHashedInOrderAndReleasedOnlyOnceHashed() throws Exception {
        byte[] file = new byte[3 * PART + 123];
        new Random(7).nextBytes(file);
        OrderedHashing hashing = new OrderedHashing(new FileDigests(null), PART, 1);
        AtomicInteger released = new AtomicInteger();
        List<Part> parts = parts(file, released);

        hashing.hash(parts.get(2));
        hashing.hash(parts.get(1));
        hashing.hash(parts.get(3));
        assertThat(released).as("nothing hashed before part 1 arrives").hasValue(0);
        assertThat(hashing.digests().bytes()).isZero();

        hashing.hash(parts.get(0));

        assertThat(released).hasValue(4);
        assertThat(hashing.boundaries()).as("the state after each whole part").containsOnlyKeys(1, 2, 3);
        assertThat(hashing.boundaries().get(2).bytes()).isEqualTo(2L * PART);
        assertThat(hashing.digests().sha256Hex()).isEqualTo(sha256(file));
    }

    @Test
    void aResumedFileHashesOnFromItsFirstPartAndForgetsStatesBeforeTheStoredFrontier() throws Exception {
        byte[] file = new byte[4 * PART];
        new Random(8).nextBytes(file);
        FileDigests afterTwo = new FileDigests(null);
        afterTwo.update(file, 0, 2 * PART);
        OrderedHashing hashing = new OrderedHashing(afterTwo, PART, 3);
        AtomicInteger released = new AtomicInteger();
        List<Part> parts = parts(file, released);

        hashing.keepFrom(3);
        hashing.hash(parts.get(3));
        hashing.hash(parts.get(2));

        assertThat(released).hasValue(2);
        assertThat(hashing.boundaries()).containsOnlyKeys(3, 4);
        hashing.keepFrom(4);
        hashing.hash(new Part(5, new byte[0], () -> { }));
        assertThat(hashing.boundaries()).as("a short last part leaves no boundary").containsOnlyKeys(4);
        assertThat(hashing.digests().sha256Hex()).isEqualTo(sha256(file));
    }

    @Test
    void stoppingReleasesTheWaitingPartsAndEveryLaterOneWithoutHashing() {
        byte[] file = new byte[3 * PART];
        OrderedHashing hashing = new OrderedHashing(new FileDigests(null), PART, 1);
        AtomicInteger released = new AtomicInteger();
        List<Part> parts = parts(file, released);
        hashing.hash(parts.get(1));

        hashing.stop();
        assertThat(released).hasValue(1);
        hashing.hash(parts.get(0));
        hashing.hash(parts.get(2));

        assertThat(released).hasValue(3);
        assertThat(hashing.digests().bytes()).isZero();
        assertThat(hashing.boundaries()).isEmpty();
    }

    /** The file cut into parts whose store job is already done, so that hashing releases them. */
    private static List<Part> parts(byte[] file, AtomicInteger released) {
        List<Part> parts = new ArrayList<>();
        for (int offset = 0, n = 1; offset < file.length; offset += PART, n++) {
            int length = Math.min(PART, file.length - offset);
            byte[] buffer = new byte[PART];
            System.arraycopy(file, offset, buffer, 0, length);
            Part part = new Part(n, buffer, released::incrementAndGet);
            part.length = length;
            part.jobDone();
            parts.add(part);
        }
        return parts;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
