package io.recordingarchiver;

/** Claim fencing on PostgreSQL, the shared mode's database. */
class ClaimFencingPostgresTest extends ClaimFencingContract {

    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
