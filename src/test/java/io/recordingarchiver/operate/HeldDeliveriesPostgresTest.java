package io.recordingarchiver.operate;

import io.recordingarchiver.TestDatabase;
import io.recordingarchiver.testkit.ExternalTool;
import io.recordingarchiver.testkit.Requires;

/** Held deliveries on PostgreSQL (shared mode). */
@Requires(ExternalTool.POSTGRES)
class HeldDeliveriesPostgresTest extends HeldDeliveriesContract {

    @Override
    protected TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
