package io.recordingarchiver.transfer;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The one memory budget of all transfers in the process: every part buffer is taken from here, and
 * taking one waits while the budget is spent. Buffers are kept for reuse (a 128 MiB heap cannot
 * afford to churn 8 MiB arrays) and, when a buffer of another size is needed, idle ones are dropped.
 *
 * <p>A buffer larger than the whole budget is still granted, but only while nothing else is out, so
 * a huge part size slows transfers down instead of deadlocking them.
 */
public final class BufferBudget {

    private final long budgetBytes;
    private final Deque<byte[]> idle = new ArrayDeque<>();
    private long outBytes;
    private long idleBytes;

    /** @param budgetBytes bytes all part buffers together may hold (at least 1) */
    public BufferBudget(long budgetBytes) {
        if (budgetBytes < 1) {
            throw new IllegalArgumentException("archiver.transfer.memory-budget must be positive, not " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /**
     * The budget for a setting: the value itself when positive, else a quarter of the maximum heap
     * ({@code Runtime.maxMemory()}), which leaves the rest to Camel, the SDKs and their buffers.
     */
    public static long budgetFor(long setting) {
        return setting > 0 ? setting : Math.max(1, Runtime.getRuntime().maxMemory() / 4);
    }

    /** The budget in bytes. */
    public long budgetBytes() {
        return budgetBytes;
    }

    /**
     * A buffer of exactly {@code size} bytes, waiting until the budget has room for it.
     *
     * @throws InterruptedIOException when the waiting thread is interrupted (a forced shutdown)
     */
    public synchronized byte[] take(int size) throws InterruptedIOException {
        while (outBytes > 0 && outBytes + size > budgetBytes) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for transfer memory");
            }
        }
        outBytes += size;
        byte[] reused = reuse(size);
        if (reused != null) {
            return reused;
        }
        dropIdleBeyond(budgetBytes - outBytes);
        return new byte[size];
    }

    /** Gives a buffer back to the budget. */
    public synchronized void give(byte[] buffer) {
        outBytes -= buffer.length;
        idle.push(buffer);
        idleBytes += buffer.length;
        dropIdleBeyond(budgetBytes - outBytes);
        notifyAll();
    }

    /** Bytes held by buffers in use now. */
    public synchronized long inUse() {
        return outBytes;
    }

    private byte[] reuse(int size) {
        for (Iterator<byte[]> it = idle.iterator(); it.hasNext(); ) {
            byte[] buffer = it.next();
            if (buffer.length == size) {
                it.remove();
                idleBytes -= size;
                return buffer;
            }
        }
        return null;
    }

    private void dropIdleBeyond(long room) {
        while (idleBytes > Math.max(0, room) && !idle.isEmpty()) {
            idleBytes -= idle.removeLast().length;
        }
    }
}
