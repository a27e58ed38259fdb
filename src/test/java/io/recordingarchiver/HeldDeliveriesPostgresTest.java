package io.recordingarchiver;

/** Held deliveries on PostgreSQL (shared mode). */
class HeldDeliveriesPostgresTest extends HeldDeliveriesContract {

    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
