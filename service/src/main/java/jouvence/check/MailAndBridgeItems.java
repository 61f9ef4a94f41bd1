package jouvence.check;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jouvence.JouvenceConfig;
import jouvence.courses.bridge.BridgeDatabase;
import jouvence.observe.DatabaseCheck;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * SMTP (connect, EHLO, STARTTLS and login when configured, QUIT: no mail), the bridge's table and, through the bridge's
 * access to the new Moodle's database, the role ids (Moodle's web services have no function that reads roles).
 */
final class MailAndBridgeItems {

    private MailAndBridgeItems() {
    }

    /** @param property the raw jouvence.mail.smtp.* settings (camel-mail's, not in {@link JouvenceConfig}) */
    static void smtp(JouvenceConfig config, Function<String, String> property, CheckReport report) {
        if (!config.mail().enabled()) {
            report.skipped("mail: SMTP", "jouvence.mail.enabled is false");
            return;
        }
        String host = property.apply("jouvence.mail.smtp.host");
        int port = Integer.parseInt(property.apply("jouvence.mail.smtp.port"));
        String user = property.apply("jouvence.mail.smtp.username");
        Properties props = new Properties();
        props.put("mail.smtp.connectiontimeout", property.apply("jouvence.mail.smtp.connection-timeout"));
        props.put("mail.smtp.timeout", property.apply("jouvence.mail.smtp.timeout"));
        props.put("mail.smtp.starttls.enable", property.apply("jouvence.mail.smtp.starttls"));
        props.put("mail.smtp.auth", Boolean.toString(!user.isBlank()));
        try (Transport smtp = Session.getInstance(props).getTransport("smtp")) {
            smtp.connect(host, port, user.isBlank() ? null : user,
                    user.isBlank() ? null : property.apply("jouvence.mail.smtp.password"));
            report.ok("mail: SMTP", host + ":" + port + " answers" + (user.isBlank() ? "" : ", login accepted")
                    + " (no mail sent)");
        } catch (MessagingException | RuntimeException e) {
            String why = e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage();
            report.failed("mail: SMTP", host + ":" + port + ": " + why + " (check jouvence.mail.smtp.*)");
        }
    }

    /** The bridge's table and user columns; returns the Moodle database when it answered, for the roles. */
    static Optional<HikariDataSource> bridge(JouvenceConfig config, CheckReport report) {
        JouvenceConfig.Bridge bridge = config.bridge();
        String table = bridge.tablePrefix() + "block_external_backuprestore";
        if (!bridge.enabled()) {
            report.skipped("bridge: table " + table, "jouvence.bridge.enabled is false");
            return Optional.empty();
        }
        HikariDataSource db = BridgeDatabase.open(bridge).orElseThrow();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT id, userid, externalcourseid, externalcoursename, externalmoodleurl, internalcategory,"
                    + " withuserdatas, enrolmentmode, status, courseid, timemodified, timescheduleprocessed FROM "
                    + table + " WHERE 1 = 0").close();
            s.executeQuery("SELECT username, deleted FROM " + bridge.tablePrefix() + "user WHERE 1 = 0").close();
            report.ok("bridge: table " + table, "readable at " + bridge.dbUrl().replaceAll("\\?.*", ""));
            return Optional.of(db);
        } catch (SQLException e) {
            report.failed("bridge: table " + table, e.getMessage() + DatabaseCheck.rootCause(e)
                    + " (check jouvence.bridge.db.*, .table-prefix and the block's installation)");
            db.close();
            return Optional.empty();
        }
    }

    /** The enrol role (and the colleagues' role when they may enrol), read in Moodle's {prefix}role. */
    static void roles(JouvenceConfig config, Optional<HikariDataSource> moodleDb, CheckReport report) {
        java.util.Map<Long, String> roles = new java.util.LinkedHashMap<>();
        roles.put(config.enrolRoleId(), "jouvence.client.enrol-role-id");
        if (config.parity().colleaguesMayEnrol()) {
            roles.putIfAbsent(config.parity().colleagueRoleId(), "jouvence.colleagues.role-id");
        }
        roles.forEach((id, property) -> {
            String subject = "client: role " + id + " (" + property + ")";
            if (moodleDb.isEmpty()) {
                report.skipped(subject, "Moodle's web services cannot read roles" + (config.bridge().enabled()
                        ? " and the bridge's database did not answer" : " (with the bridge enabled, its database is "
                        + "read)") + ": see Site administration > Users > Permissions > Define roles");
                return;
            }
            try (Connection c = moodleDb.get().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT shortname FROM " + config.bridge().tablePrefix() + "role WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        report.ok(subject, "exists (" + rs.getString(1) + ")");
                    } else {
                        report.failed(subject, "no role " + id + " on the new platform: set " + property
                                + " to a role id of Site administration > Users > Permissions > Define roles");
                    }
                }
            } catch (SQLException e) {
                report.failed(subject, e.getMessage().replaceAll("\\s+", " "));
            }
        });
    }
}
