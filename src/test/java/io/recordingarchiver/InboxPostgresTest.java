package io.recordingarchiver;

import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.Requires;

/** The inbox's contract on the Postgres database. */
@Requires(ExternalTool.POSTGRES)
class InboxPostgresTest extends InboxContract {

    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
