package io.recordingarchiver.dispatch;

import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.Requires;
import io.recordingarchiver.TestDatabase;

/** Claim fencing on PostgreSQL, the shared mode's database. */
@Requires(ExternalTool.POSTGRES)
class ClaimFencingPostgresTest extends ClaimFencingContract {

    @Override
    protected TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
