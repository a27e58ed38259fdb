package io.recordingarchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;

class ShutdownSignalTest {

    @Test
    void saysStoppingOnlyWhileTheContextStops() throws Exception {
        CamelContext context = new DefaultCamelContext();
        ShutdownSignal signal = new ShutdownSignal(context);
        AtomicReference<Boolean> seenWhileStopping = new AtomicReference<>();
        // stopped with the context, the way a route's transfer sees the shutdown
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                seenWhileStopping.set(signal.stopping());
            }
        }, true, true);

        assertThat(signal.stopping()).as("before the start").isFalse();
        context.start();
        assertThat(signal.stopping()).as("while running").isFalse();
        context.stop();

        assertThat(seenWhileStopping.get()).as("asked during the stop").isTrue();
    }
}
