package io.recordingarchiver;

import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.Requires;

/** Claim fencing on PostgreSQL, the shared mode's database. */
@Requires(ExternalTool.POSTGRES)
class ClaimFencingPostgresTest extends ClaimFencingContract {

    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
