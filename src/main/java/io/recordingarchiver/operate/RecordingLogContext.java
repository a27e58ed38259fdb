package io.recordingarchiver.operate;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;

/**
 * Marks every log line written while the archiver works on one recording with that recording's ids:
 * puts {@code recordingId} and {@code meetingId} in the logging context (SLF4J's MDC, Log4j's
 * ThreadContext) of the thread processing the exchange, and takes them out when the exchange is
 * done, so a line about another recording on the same thread never carries them. The JSON log format
 * writes them as fields of their own.
 */
public final class RecordingLogContext {

    public static final String RECORDING_ID = "recordingId";
    public static final String MEETING_ID = "meetingId";

    /** Called by the dispatch route once the event is parsed; ids may be null (not in the payload). */
    public void about(Exchange exchange, String recordingId, String meetingId) {
        put(RECORDING_ID, recordingId);
        put(MEETING_ID, meetingId);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                MDC.remove(RECORDING_ID);
                MDC.remove(MEETING_ID);
            }
        });
    }

    private static void put(String key, String value) {
        if (value == null || value.isBlank()) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
