package io.recordingarchiver.operate;

import io.recordingarchiver.TestDatabase;

/** Held deliveries on PostgreSQL (shared mode). */
class HeldDeliveriesPostgresTest extends HeldDeliveriesContract {

    @Override
    protected TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
