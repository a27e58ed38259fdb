package io.recordingarchiver.operate;

import io.recordingarchiver.TestDatabase;

/** Held deliveries on the H2 database. */
class HeldDeliveriesH2Test extends HeldDeliveriesContract {

    @Override
    protected TestDatabase openDatabase() throws Exception {
        return TestDatabase.h2();
    }
}
