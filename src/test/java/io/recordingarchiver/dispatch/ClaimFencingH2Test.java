package io.recordingarchiver.dispatch;

import io.recordingarchiver.TestDatabase;

/** Claim fencing on the embedded H2 database. */
class ClaimFencingH2Test extends ClaimFencingContract {

    @Override
    protected TestDatabase openDatabase() throws Exception {
        return TestDatabase.h2();
    }
}
