package io.recordingarchiver.operate;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import io.recordingarchiver.Redaction;

/**
 * A health check of something the archiver needs (the state store, the webhook signing key, the
 * bucket): UP when its probe passes, DOWN with the probe's one-sentence reason otherwise. Never a
 * liveness check: a dependency that is away does not mean the process should be restarted.
 *
 * <p>Most gate readiness ({@code /observe/health/ready}): without the state store or the signing key
 * the webhook port cannot take deliveries. A {@link #reportOnly report-only} check (the bucket) is
 * answered on {@code /observe/health} but leaves readiness alone: while the store is down the
 * archiver still takes deliveries into its inbox and archives them once the store is back, and a
 * load balancer that followed readiness would take every instance out at once during a store
 * outage and refuse the webhooks instead.
 */
public class ReadinessCheck extends AbstractHealthCheck {

    /** Tries the dependency once; returns null when it is usable, else why it is not. */
    @FunctionalInterface
    public interface Probe {
        String problem() throws Exception;
    }

    private final Probe probe;
    private final boolean readiness;

    /** A check that gates readiness. */
    public ReadinessCheck(String id, Probe probe) {
        this(id, probe, true);
    }

    private ReadinessCheck(String id, Probe probe, boolean readiness) {
        super("archiver", id);
        this.probe = probe;
        this.readiness = readiness;
    }

    /** A check answered on {@code /observe/health} only: its DOWN does not make the archiver not ready. */
    public static ReadinessCheck reportOnly(String id, Probe probe) {
        return new ReadinessCheck(id, probe, false);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return readiness;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem;
        try {
            problem = probe.problem();
        } catch (Exception e) {
            problem = Redaction.text(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (problem == null) {
            builder.up();
        } else {
            builder.down().message(problem).detail("reason", problem);
        }
    }
}
