package io.recordingarchiver.operate;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import io.recordingarchiver.Redaction;

/**
 * A readiness check of something the archiver cannot work without (the state store, the bucket,
 * the webhook signing key): UP when its probe passes, DOWN with the probe's one-sentence reason
 * otherwise. Readiness only: a dependency that is away does not mean the process should be restarted.
 */
public class ReadinessCheck extends AbstractHealthCheck {

    /** Tries the dependency once; returns null when it is usable, else why it is not. */
    @FunctionalInterface
    public interface Probe {
        String problem() throws Exception;
    }

    private final Probe probe;

    public ReadinessCheck(String id, Probe probe) {
        super("archiver", id);
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return false;
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
