package io.recordingarchiver;

/** The recording ledger's contract on the Postgres database. */
class RecordingLedgerPostgresTest extends RecordingLedgerContract {

    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
