package io.recordingarchiver.e2e;

import io.recordingarchiver.testkit.StoreProxy;
import org.junit.jupiter.api.AfterAll;

/**
 * The end-to-end tests whose bucket sits behind a {@link StoreProxy} playing a store that behaves
 * differently from s3proxy ({@link ProxiedStore}): the subclass names the proxy's mode and adds its
 * own settings.
 */
abstract class ProxiedStoreTestBase extends ArchiverTestBase {

    protected ProxiedStore store;

    /** How the proxy in front of s3proxy behaves. */
    protected abstract StoreProxy.Mode storeMode();

    /** The test's own settings on top of the proxied store's; none by default. */
    protected ArchiverEnvironment settings(ArchiverEnvironment env) {
        return env;
    }

    @Override
    protected final ArchiverEnvironment environment() {
        try {
            store = new ProxiedStore(storeMode());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return settings(store.configure(new ArchiverEnvironment()));
    }

    @AfterAll
    void closeStore() throws Exception {
        store.close();
    }
}
