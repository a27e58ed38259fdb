package io.recordingarchiver.dispatch;

import io.recordingarchiver.TestDatabase;

/** The inbox's contract on the H2 database. */
class InboxH2Test extends InboxContract {

    @Override
    protected TestDatabase openDatabase() throws Exception {
        return TestDatabase.h2();
    }
}
