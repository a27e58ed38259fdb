package io.recordingarchiver;

/** Claim fencing on the embedded H2 database. */
class ClaimFencingH2Test extends ClaimFencingContract {

    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.h2();
    }
}
