package io.recordingarchiver.testkit;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Pseudo-random bytes computed on the fly from a seed: byte {@code i} of a file depends only on the
 * seed and {@code i}, so any slice can be produced without producing what lies before it. Only one
 * 64 KiB block is held at a time.
 */
final class GeneratedContentStream extends InputStream {

    static final int BLOCK_SIZE = 64 * 1024;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;
    private final long end;
    private final byte[] block = new byte[BLOCK_SIZE];
    private long loadedBlock = -1;
    private long position;

    /** Streams bytes {@code [from, end)} of the content generated from {@code seed}. */
    GeneratedContentStream(long seed, long from, long end) {
        this.seed = seed;
        this.position = from;
        this.end = end;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        long blockIndex = position / BLOCK_SIZE;
        if (blockIndex != loadedBlock) {
            fillBlock(blockIndex);
            loadedBlock = blockIndex;
        }
        int inBlock = (int) (position % BLOCK_SIZE);
        int count = (int) Math.min(Math.min(length, BLOCK_SIZE - inBlock), end - position);
        System.arraycopy(block, inBlock, target, offset, count);
        position += count;
        return count;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    /** SplitMix64 seeded by (seed, block index): fast, and independent of every other block. */
    private void fillBlock(long blockIndex) {
        ByteBuffer out = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        long state = mix(seed) ^ mix(blockIndex + GOLDEN_GAMMA);
        while (out.hasRemaining()) {
            state += GOLDEN_GAMMA;
            out.putLong(mix(state));
        }
    }

    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
