package io.recordingarchiver.dispatch;

import io.recordingarchiver.TestDatabase;

/** The recording ledger's contract on the H2 database. */
class RecordingLedgerH2Test extends RecordingLedgerContract {

    @Override
    protected TestDatabase openDatabase() throws Exception {
        return TestDatabase.h2();
    }
}
