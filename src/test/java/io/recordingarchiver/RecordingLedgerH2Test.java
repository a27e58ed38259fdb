package io.recordingarchiver;

/** The recording ledger's contract on the H2 database. */
class RecordingLedgerH2Test extends RecordingLedgerContract {

    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.h2();
    }
}
