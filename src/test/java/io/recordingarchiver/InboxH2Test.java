package io.recordingarchiver;

/** The inbox's contract on the H2 database. */
class InboxH2Test extends InboxContract {

    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.h2();
    }
}
