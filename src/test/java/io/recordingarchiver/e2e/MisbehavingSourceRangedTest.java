package io.recordingarchiver.e2e;

/** {@link MisbehavingSourceTest} with each file read in parallel ranges, four connections at once (the default). */
class MisbehavingSourceRangedTest extends MisbehavingSourceTest {

    @Override
    protected int connectionsPerFile() {
        return 4;
    }
}
