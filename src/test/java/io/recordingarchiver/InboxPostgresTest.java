package io.recordingarchiver;

/** The inbox's contract on the Postgres database. */
class InboxPostgresTest extends InboxContract {

    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
