package jouvence;

import jouvence.pipeline.SiteHealth;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** Readiness of one configured Moodle, from its last probe: unreachable, bad token, or a function missing. */
public class SiteHealthCheck extends AbstractHealthCheck {

    private final String siteId;
    private final SiteHealth health;

    public SiteHealthCheck(String siteId, SiteHealth health) {
        super("jouvence", "moodle-" + siteId);
        this.siteId = siteId;
        this.health = health;
    }

    @Override
    public boolean isLiveness() {
        return false; // a Moodle being down must not restart Jouvence
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        SiteHealth.Probe probe = health.lastProbes().get(siteId);
        if (probe == null) {
            builder.unknown().message("not probed yet");
            return;
        }
        builder.detail("site", siteId);
        if (probe.siteName() != null) {
            builder.detail("sitename", probe.siteName());
            builder.detail("release", probe.release());
        }
        builder.detail("checked", probe.at().toString());
        if (probe.ok()) {
            builder.up();
        } else {
            builder.down().message(probe.problem());
        }
    }
}
