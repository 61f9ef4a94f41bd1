package jouvence.observe;

import jouvence.Jouvence;
import jouvence.moodle.SiteHealth;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Duration;
import java.util.Map;

/** Jouvence's health checks, next to Camel's own (routes, consumers) on the management port. */
public final class HealthChecks {

    private HealthChecks() {
    }

    /**
     * One configured Moodle, from its last probe: unreachable, bad token, or a function missing. Never part of liveness
     * (a Moodle being down must not restart Jouvence); part of readiness only when {@code jouvence.health.moodles-in-readiness}
     * says so, since a replica that is not ready leaves the Service, and every replica would, taking the teachers' page
     * and the API down with an old Moodle.
     */
    public static final class Site extends AbstractHealthCheck {
        private final String siteId;
        private final SiteHealth health;
        private final boolean readiness;

        public Site(String siteId, SiteHealth health, boolean readiness) {
            super("jouvence", "moodle-" + siteId);
            this.siteId = siteId;
            this.health = health;
            this.readiness = readiness;
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

    /**
     * The queue's database answers: without it a replica can take no request and serve no page (readiness only). Reads
     * the last result of the {@link DatabaseCheck} timer: answering a probe never waits on the database.
     */
    public static final class Database extends AbstractHealthCheck {
        private final DatabaseCheck check;
        private final Duration maxAge;

        public Database(DatabaseCheck check, Duration interval) {
            super("jouvence", "database");
            this.check = check;
            this.maxAge = check.maxAge(interval);
        }

        @Override
        public boolean isLiveness() {
            return false; // restarting Jouvence does not bring the database back
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            DatabaseCheck.Result r = check.last(maxAge);
            builder.detail("checked", r.at().toString());
            if (r.ok()) {
                builder.up();
            } else {
                builder.down().message(r.problem());
            }
        }
    }
}
