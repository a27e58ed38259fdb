package io.recordingarchiver.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What clients asked of one served file: request count, body bytes sent, Range headers seen. */
final class FileTraffic {

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong bytesServed = new AtomicLong();
    private final List<String> rangeHeaders = new CopyOnWriteArrayList<>();

    void recordRequest(String rangeHeader) {
        requests.incrementAndGet();
        if (rangeHeader != null) {
            rangeHeaders.add(rangeHeader);
        }
    }

    void recordBytes(long count) {
        bytesServed.addAndGet(count);
    }

    int requests() {
        return requests.get();
    }

    long bytesServed() {
        return bytesServed.get();
    }

    List<String> rangeHeaders() {
        return List.copyOf(rangeHeaders);
    }
}
