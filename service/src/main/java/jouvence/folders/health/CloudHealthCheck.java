package jouvence.folders.health;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * The cloud of the collaborative folders, from the last {@link CloudProbe}: unreachable, the system account refused,
 * or held down by the reconciles. Neither liveness nor readiness (as a Moodle's by default): a cloud that is down
 * must not restart Jouvence nor take its API and pages out of the Service; it shows on {@code /observe/health}.
 */
public final class CloudHealthCheck extends AbstractHealthCheck {

    private final CloudProbe probe;
    private final String cloud;

    public CloudHealthCheck(CloudProbe probe, String cloudUrl) {
        super("jouvence", "cloud");
        this.probe = probe;
        this.cloud = cloudUrl;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("cloud", cloud);
        CloudProbe.Result r = probe.last().orElse(null);
        if (r == null) {
            builder.unknown().message("not probed yet");
            return;
        }
        builder.detail("checked", r.at().toString());
        if (r.up()) {
            builder.up();
        } else {
            builder.down().message(r.ok() ? "held down by the reconciles: " + r.markedDown() : r.problem());
        }
    }
}
