package io.recordingarchiver;

/** Held deliveries on the H2 database. */
class HeldDeliveriesH2Test extends HeldDeliveriesContract {

    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.h2();
    }
}
