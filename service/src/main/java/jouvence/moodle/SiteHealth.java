package jouvence.moodle;

import jouvence.JouvenceConfig.MoodleSite;
import jouvence.JouvenceConfig;
import jouvence.moodle.MoodleException;
import jouvence.moodle.MoodleSites.SiteInfo;
import jouvence.moodle.MoodleSites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * What is known of each configured Moodle, shared by the replicas through the {@code moodle_health} table. A site with
 * a configuration fault (bad token, function missing) is marked down: its requests wait without burning attempts and
 * admins are mailed once, by the replica whose update flipped the state. Probes bring it back.
 */
public class SiteHealth {

    private static final Logger LOG = LoggerFactory.getLogger(SiteHealth.class);

    /** The last probe of a site, for readiness and for the admins. */
    public record Probe(String siteId, boolean ok, String siteName, String release, String problem, Instant at,
                        boolean wentDown) {
    }

    private final JouvenceConfig config;
    private final DataSource db;
    private final MoodleSites sites;
    private final Clock clock;
    private final SiteRequirements requirements;
    private final Map<String, Probe> lastProbes = new ConcurrentHashMap<>();

    public SiteHealth(JouvenceConfig config, DataSource db, MoodleSites sites, Clock clock) {
        this.config = config;
        this.db = db;
        this.sites = sites;
        this.clock = clock;
        this.requirements = new SiteRequirements(sites, config.folders().enabled());
    }

    public boolean isDown(String siteId) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state FROM moodle_health WHERE site_id = ?")) {
            ps.setString(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "down".equals(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Marks the site down; true only for the caller that flipped it (that one tells the admins). */
    public boolean markDown(String siteId, String code, String message) {
        return flip(siteId, "down", code, message);
    }

    public boolean markUp(String siteId) {
        return flip(siteId, "up", null, null);
    }

    private boolean flip(String siteId, String state, String code, String message) {
        String sql = """
                INSERT INTO moodle_health (site_id, state, error_code, message) VALUES (?, ?, ?, ?)
                ON CONFLICT (site_id) DO UPDATE SET state = excluded.state, error_code = excluded.error_code,
                       message = excluded.message, since = now(), checked_at = now()
                 WHERE moodle_health.state <> excluded.state
                RETURNING site_id""";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, siteId);
            ps.setString(2, state);
            ps.setString(3, code);
            ps.setString(4, message);
            try (ResultSet rs = ps.executeQuery()) {
                boolean flipped = rs.next();
                if (flipped) {
                    LOG.info("Moodle '{}' is now {}{}", siteId, state, message == null ? "" : ": " + message);
                }
                return flipped;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Probes one site: reachable, token valid, every needed function in the token's service. */
    public Probe probe(MoodleSite site) {
        Probe probe;
        try {
            SiteInfo info = sites.siteInfo(site.id());
            String problem = requirements.firstProblem(site, info, config.defaultCategoryId());
            boolean wentDown = false;
            if (problem == null) {
                markUp(site.id());
            } else {
                wentDown = markDown(site.id(), "misconfigured", site.id() + ": " + problem);
            }
            probe = new Probe(site.id(), problem == null, info.siteName(), info.release(), problem, clock.instant(),
                    wentDown);
        } catch (MoodleException e) {
            boolean wentDown = e.kind() == MoodleException.Kind.SITE_FAULT && markDown(site.id(), e.code(), e.getMessage());
            probe = new Probe(site.id(), false, null, null, e.getMessage(), clock.instant(), wentDown);
        }
        lastProbes.put(site.id(), probe);
        if (!probe.ok()) {
            LOG.warn("Moodle '{}' ({}) is not usable: {}", site.id(), site.url(), probe.problem());
        }
        return probe;
    }

    /** Probes every configured Moodle (at start-up and every jouvence.health.probe-interval). */
    public List<Probe> probeAll() {
        return config.allSites().stream().map(this::probe).toList();
    }

    public Map<String, Probe> lastProbes() {
        return Map.copyOf(lastProbes);
    }
}
