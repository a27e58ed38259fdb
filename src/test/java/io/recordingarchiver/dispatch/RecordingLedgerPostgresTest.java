package io.recordingarchiver.dispatch;

import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.Requires;
import io.recordingarchiver.TestDatabase;

/** The recording ledger's contract on the Postgres database. */
@Requires(ExternalTool.POSTGRES)
class RecordingLedgerPostgresTest extends RecordingLedgerContract {

    @Override
    protected TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
