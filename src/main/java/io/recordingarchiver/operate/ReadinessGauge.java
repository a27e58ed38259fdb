package io.recordingarchiver.operate;

import java.util.Collection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The gauge {@code archiver_ready}: 1 while every readiness check is UP (what
 * {@code /observe/health/ready} answers 200 for: state store, signing key; not the bucket, see
 * {@link ReadinessCheck#reportOnly}), else 0, so an
 * alert can page when the archiver stays not ready. The checks run at each scrape.
 */
public final class ReadinessGauge implements StartupListener {

    private final String registryName;

    /** @param registryName name under which camel-micrometer-prometheus binds the registry it scrapes */
    public ReadinessGauge(String registryName) {
        this.registryName = registryName;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(registryName, MeterRegistry.class);
        if (registry == null) {
            throw new IllegalStateException("no Micrometer registry named " + registryName
                    + ": camel.metrics.enabled must be true");
        }
        Gauge.builder("archiver.ready", context, ReadinessGauge::ready)
                .description("1 while every readiness check (state store, signing key) is UP, else 0")
                .register(registry);
    }

    /** 1 when every readiness check answers UP, else 0. */
    static double ready(CamelContext context) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(context);
        return results.stream().allMatch(result -> result.getState() == HealthCheck.State.UP) ? 1 : 0;
    }
}
