package io.recordingarchiver;

import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.Requires;

/** The recording ledger's contract on the Postgres database. */
@Requires(ExternalTool.POSTGRES)
class RecordingLedgerPostgresTest extends RecordingLedgerContract {

    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
