package jouvence.courses.bridge;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jouvence.JouvenceConfig;
import jouvence.courses.Caller;
import jouvence.courses.InvalidRequestException;
import jouvence.courses.NewRestore;
import jouvence.courses.RestoreService;
import jouvence.courses.queue.DuplicateRequestException;
import jouvence.courses.queue.EnrolmentMode;
import jouvence.courses.queue.RequestRepository;
import jouvence.courses.queue.RestoreRequest;
import jouvence.mail.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.MessageFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import javax.sql.DataSource;

/**
 * The bridge to the Moodle block's own queue table, for sites that keep the block as the teachers' page and switch
 * its scheduled task off. Jouvence takes the block's scheduled rows exactly as the task would (status 0 → 1, oldest
 * {@code timecreated} first, one guarded update per row so a still-running task and Jouvence never both take one),
 * queues a request for each, and writes the final outcome back as the task does (2 + {@code courseid}, or -1, with
 * {@code timemodified} and {@code timescheduleprocessed}). A row that cannot become a request (no or unknown user,
 * a server URL Jouvence does not know, a duplicate) is set to -1 at once and the admins are mailed.
 *
 * <p>Moodle's schema is never changed: the bridge only reads {@code {prefix}user} and updates
 * {@code {prefix}block_external_backuprestore}. Table names come from the validated prefix only.
 */
public class BlockQueueBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlockQueueBridge.class);

    /** Rows taken, and finished requests written back, per run at most (the rest waits for the next run). */
    static final int BATCH = 500;

    // --- Moodle's database; %1$s is the validated table prefix ---------------------------------------------------

    static final String SELECT_SCHEDULED = """
            SELECT id, userid, externalcourseid, externalcoursename, externalmoodleurl, internalcategory, withuserdatas,
                   enrolmentmode
              FROM %1$sblock_external_backuprestore WHERE status = 0 ORDER BY timecreated, id LIMIT ?""";

    /** The plugin's task takes a row the same way: status 1, both times set to now (unix seconds). */
    static final String TAKE = """
            UPDATE %1$sblock_external_backuprestore SET status = 1, timemodified = ?, timescheduleprocessed = ?
             WHERE id = ? AND status = 0""";

    static final String SELECT_USER = "SELECT username, deleted FROM %1$suser WHERE id = ?";

    /** A taken row that could not become a request: error at once, as the task does for a failed row. */
    static final String REFUSE = """
            UPDATE %1$sblock_external_backuprestore SET status = -1, timemodified = ?, timescheduleprocessed = ?
             WHERE id = ? AND status = 1""";

    /** A taken row given back because Jouvence's own database failed: the next run takes it again. */
    static final String RELEASE = """
            UPDATE %1$sblock_external_backuprestore SET status = 0, timemodified = ? WHERE id = ? AND status = 1""";

    /**
     * Outcomes are written to a row still in progress, or in error (a request an admin retried in Jouvence); a row
     * someone scheduled again (0) or deleted is left alone.
     */
    static final String WRITE_PERFORMED = """
            UPDATE %1$sblock_external_backuprestore
               SET status = 2, courseid = ?, timemodified = ?, timescheduleprocessed = ?
             WHERE id = ? AND status IN (1, -1)""";

    static final String WRITE_ERROR = """
            UPDATE %1$sblock_external_backuprestore SET status = -1, timemodified = ?, timescheduleprocessed = ?
             WHERE id = ? AND status IN (1, -1)""";

    // --- Jouvence's queue ----------------------------------------------------------------------------------------

    /** Finished requests of the block not written back yet (index restore_request_write_back). */
    static final String SELECT_FINISHED = """
            SELECT id FROM restore_request
             WHERE source = 'block' AND written_back_at IS NULL AND status IN (-1, 2, 4) ORDER BY id LIMIT ?""";

    /** Held while the block's row is written: another replica skips it, an admin's retry waits for the commit. */
    static final String LOCK_FINISHED = """
            SELECT status, restored_course_id, external_ref FROM restore_request
             WHERE id = ? AND source = 'block' AND written_back_at IS NULL AND status IN (-1, 2, 4)
               FOR UPDATE SKIP LOCKED""";

    static final String MARK_WRITTEN_BACK = "UPDATE restore_request SET written_back_at = now() WHERE id = ?";

    public static final String SOURCE = "block";

    /** What one run of {@link #takeRows()} did; {@code mails} go to the admins about the refused rows. */
    public record Run(int taken, int queued, int refused, List<Mail> mails) {
        static final Run NOTHING = new Run(0, 0, 0, List.of());
    }

    /** One row of the block's queue, as read. */
    record Row(long id, long userid, long courseId, String courseName, String url, long category, int withUserData,
               int enrolmentMode) {
    }

    private record Refusal(Row row, String username, String reason) {
    }

    private final JouvenceConfig config;
    private final DataSource moodle;
    private final RequestRepository requests;
    private final RestoreService service;
    private final Clock clock;
    private final ResourceBundle text;
    private final String table;
    private final Map<String, URI> servers;
    private final String selectScheduled;
    private final String take;
    private final String selectUser;
    private final String refuse;
    private final String release;
    private final String writePerformed;
    private final String writeError;

    /** @param moodle the Moodle database; null when the bridge is disabled (then every run does nothing) */
    public BlockQueueBridge(JouvenceConfig config, DataSource moodle, RequestRepository requests, RestoreService service,
                            Clock clock) {
        this.config = config;
        this.moodle = moodle;
        this.requests = requests;
        this.service = service;
        this.clock = clock;
        this.text = ResourceBundle.getBundle("jouvence.mail.messages", config.mail().language(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String prefix = config.bridge().tablePrefix(); // validated by JouvenceConfig.Bridge, and again here
        if (!prefix.matches("[a-z0-9_]{0,20}")) {
            throw new IllegalArgumentException("invalid Moodle table prefix '" + prefix + "'");
        }
        this.table = prefix + "block_external_backuprestore";
        Map<String, URI> byId = new java.util.LinkedHashMap<>();
        config.servers().forEach((id, site) -> byId.put(id, URI.create(site.url())));
        this.servers = byId;
        this.selectScheduled = SELECT_SCHEDULED.formatted(prefix);
        this.take = TAKE.formatted(prefix);
        this.selectUser = SELECT_USER.formatted(prefix);
        this.refuse = REFUSE.formatted(prefix);
        this.release = RELEASE.formatted(prefix);
        this.writePerformed = WRITE_PERFORMED.formatted(prefix);
        this.writeError = WRITE_ERROR.formatted(prefix);
    }

    /** The bridge of this configuration, with its own small pool on the Moodle database when enabled. */
    public static BlockQueueBridge create(JouvenceConfig config, RequestRepository requests, RestoreService service) {
        JouvenceConfig.Bridge b = config.bridge();
        HikariDataSource pool = null;
        if (b.enabled()) {
            HikariConfig h = new HikariConfig();
            h.setPoolName("moodle-bridge");
            h.setJdbcUrl(b.dbUrl());
            h.setUsername(b.dbUsername());
            h.setPassword(b.dbPassword());
            h.setMaximumPoolSize(2);
            h.setMinimumIdle(0);
            h.setConnectionTimeout(10_000);
            // A Moodle database that is down must not stop Jouvence: each run says so and tries again.
            h.setInitializationFailTimeout(-1);
            pool = new HikariDataSource(h);
            LOG.info("bridge to the Moodle block: taking the rows of {} every {} ms", b.tablePrefix()
                    + "block_external_backuprestore", b.pollIntervalMs());
        }
        return new BlockQueueBridge(config, pool, requests, service, Clock.systemUTC());
    }

    public boolean enabled() {
        return moodle != null;
    }

    @Override
    public void close() {
        if (moodle instanceof HikariDataSource pool) {
            pool.close();
        }
    }

    // --- taking the block's rows ---------------------------------------------------------------------------------

    /** Takes the block's scheduled rows, oldest first, and queues a request for each; refused rows end at -1. */
    public Run takeRows() {
        if (moodle == null) {
            return Run.NOTHING;
        }
        List<Row> rows;
        try {
            rows = scheduledRows();
        } catch (SQLException e) {
            LOG.warn("bridge: cannot read {} in the Moodle database: {}", table, e.getMessage());
            return Run.NOTHING;
        }
        int taken = 0;
        int queued = 0;
        List<Refusal> refused = new ArrayList<>();
        for (Row row : rows) {
            try {
                if (!take(row.id())) {
                    continue; // the plugin's task (or another Jouvence) took it first
                }
                taken++;
                Optional<Refusal> refusal = queue(row);
                if (refusal.isPresent()) {
                    refuse(refusal.get());
                    refused.add(refusal.get());
                } else {
                    queued++;
                }
            } catch (SQLException e) {
                LOG.warn("bridge: the Moodle database failed at row {} of {}: {}; the rest waits for the next run",
                        row.id(), table, e.getMessage());
                break;
            } catch (QueueDown e) {
                break;
            }
        }
        if (taken > 0) {
            LOG.info("bridge: took {} row(s) of {}: {} queued, {} refused", taken, table, queued, refused.size());
        }
        return new Run(taken, queued, refused.size(), refusalMails(refused));
    }

    /** The request for a taken row, or why there is none. */
    private Optional<Refusal> queue(Row row) throws SQLException {
        List<String> problems = new ArrayList<>();
        String username = null;
        if (row.userid() <= 0) {
            problems.add(t("bridge.reason.noUser"));
        } else {
            username = username(row.userid()).orElse(null);
            if (username == null) {
                problems.add(f("bridge.reason.unknownUser", row.userid()));
            }
        }
        String serverId = serverFor(row.url()).orElse(null);
        if (serverId == null) {
            problems.add(f("bridge.reason.unknownServer", row.url().strip()));
        }
        if (row.courseId() <= 0 || row.category() < 0 || !EnrolmentMode.isCode(row.enrolmentMode())) {
            problems.add(f("bridge.reason.invalid", row.courseId(), row.category(), row.enrolmentMode()));
        }
        if (!problems.isEmpty()) {
            return Optional.of(new Refusal(row, username, String.join("; ", problems)));
        }
        String name = row.courseName() == null || row.courseName().isBlank() ? null : row.courseName().strip();
        NewRestore restore = new NewRestore(serverId, row.courseId(), name, username, row.withUserData() != 0,
                EnrolmentMode.of(row.enrolmentMode()), row.category() == 0 ? "default" : Long.toString(row.category()),
                Long.toString(row.id()));
        try {
            RestoreRequest r = service.create(restore, new Caller(username, SOURCE));
            requests.event(r.id(), "bridge", "ok", null, "taken from row " + row.id() + " of " + table);
            return Optional.empty();
        } catch (InvalidRequestException e) {
            return Optional.of(new Refusal(row, username, e.getMessage()));
        } catch (DuplicateRequestException e) {
            return Optional.of(new Refusal(row, username, f("bridge.reason.duplicate", e.getMessage())));
        } catch (RuntimeException e) {
            // Jouvence's own database failed: the row goes back to the block's queue for the next run.
            LOG.warn("bridge: cannot queue row {} of {}: {}; the row is scheduled again", row.id(), table,
                    String.valueOf(e.getMessage()));
            update(release, now(), row.id());
            throw new QueueDown();
        }
    }

    private void refuse(Refusal r) throws SQLException {
        update(refuse, now(), now(), r.row().id());
        LOG.warn("bridge: row {} of {} set to error (-1): {}", r.row().id(), table, r.reason());
    }

    private List<Row> scheduledRows() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = moodle.getConnection(); PreparedStatement ps = c.prepareStatement(selectScheduled)) {
            ps.setInt(1, BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong("id"), rs.getLong("userid"), rs.getLong("externalcourseid"),
                            rs.getString("externalcoursename"), rs.getString("externalmoodleurl"),
                            rs.getLong("internalcategory"), rs.getInt("withuserdatas"), rs.getInt("enrolmentmode")));
                }
            }
        }
        return rows;
    }

    private boolean take(long rowId) throws SQLException {
        long now = now();
        return update(take, now, now, rowId) == 1;
    }

    /** The username of a Moodle user who exists and is not deleted. */
    private Optional<String> username(long userId) throws SQLException {
        try (Connection c = moodle.getConnection(); PreparedStatement ps = c.prepareStatement(selectUser)) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getInt("deleted") == 0) {
                    return Optional.ofNullable(rs.getString("username")).filter(u -> !u.isBlank());
                }
                return Optional.empty();
            }
        }
    }

    /** The configured server whose URL is the row's, normalised (blanks, trailing slashes, case of scheme and host). */
    Optional<String> serverFor(String url) {
        URI asked;
        try {
            asked = URI.create(JouvenceConfig.normaliseUrl(url));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return servers.entrySet().stream().filter(s -> sameSite(s.getValue(), asked)).map(Map.Entry::getKey)
                .findFirst();
    }

    static boolean sameSite(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && port(a) == port(b)
                && pathOf(a).equals(pathOf(b));
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String pathOf(URI u) {
        return u.getRawPath() == null ? "" : u.getRawPath();
    }

    // --- writing outcomes back ------------------------------------------------------------------------------------

    /**
     * Writes the outcome of every finished block request back to its row, as the plugin's task does: performed → 2
     * and {@code courseid}; error or cancelled → -1; both times = now. Each request is locked while its row is
     * written (other replicas skip it, an admin's retry waits), then marked written back. Returns how many were.
     */
    public int writeBack() {
        if (moodle == null) {
            return 0;
        }
        List<Long> finished = new ArrayList<>();
        try (Connection c = requests.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(SELECT_FINISHED)) {
            ps.setInt(1, BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    finished.add(rs.getLong("id"));
                }
            }
        } catch (SQLException e) {
            LOG.warn("bridge: cannot read the finished requests: {}", e.getMessage());
            return 0;
        }
        int written = 0;
        for (long id : finished) {
            try {
                Optional<String> message = writeBack(id);
                if (message.isPresent()) {
                    requests.event(id, "write-back", "ok", null, message.get());
                    LOG.info("bridge: request {}: {}", id, message.get());
                    written++;
                }
            } catch (SQLException e) {
                LOG.warn("bridge: cannot write back request {}: {}; tried again next run", id, e.getMessage());
                break;
            }
        }
        return written;
    }

    /** Writes one request back inside a transaction that holds it; empty when someone else did or it changed. */
    private Optional<String> writeBack(long id) throws SQLException {
        try (Connection c = requests.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<String> message = Optional.empty();
                try (PreparedStatement ps = c.prepareStatement(LOCK_FINISHED)) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            int status = rs.getInt("status");
                            long course = rs.getLong("restored_course_id");
                            message = Optional.of(writeRow(status, rs.wasNull() ? null : course,
                                    rs.getString("external_ref")));
                        }
                    }
                }
                if (message.isPresent()) {
                    try (PreparedStatement ps = c.prepareStatement(MARK_WRITTEN_BACK)) {
                        ps.setLong(1, id);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return message;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The plugin's final write on the block's row; says what it did. */
    private String writeRow(int status, Long courseId, String ref) throws SQLException {
        if (ref == null || !ref.matches("\\d{1,18}")) {
            return "no row of " + table + " to write back to (reference '" + ref + "')";
        }
        long rowId = Long.parseLong(ref);
        long now = now();
        int code = status == 2 ? 2 : -1;
        int rows = code == 2 ? update(writePerformed, courseId, now, now, rowId) : update(writeError, now, now, rowId);
        return rows == 1
                ? "row " + rowId + " of " + table + " set to " + code + (code == 2 ? " with courseid " + courseId : "")
                : "row " + rowId + " of " + table + " is gone, or was changed in Moodle meanwhile: left as it is";
    }

    // --- plumbing -------------------------------------------------------------------------------------------------

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = moodle.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    private List<Mail> refusalMails(List<Refusal> refused) {
        if (refused.isEmpty()) {
            return List.of();
        }
        StringBuilder lines = new StringBuilder();
        for (Refusal r : refused) {
            Row row = r.row();
            lines.append(f("bridge.refused.row", row.id(), row.courseId(),
                    row.courseName() == null ? "" : row.courseName(), row.url().strip(),
                    r.username() == null ? Long.toString(row.userid()) : r.username() + " (" + row.userid() + ")",
                    r.reason()));
        }
        String subject = f("bridge.refused.subject", refused.size());
        String body = f("bridge.refused.body", table, lines.toString()) + t("signature");
        return config.mail().admins().stream().map(to -> new Mail(to, subject, body, null)).toList();
    }

    private String t(String key) {
        return text.getString(key);
    }

    private String f(String key, Object... args) {
        Object[] safe = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            safe[i] = args[i] instanceof Number n ? n.toString() : args[i] == null ? "-" : args[i];
        }
        return new MessageFormat(text.getString(key), Locale.ROOT).format(safe);
    }

    /** Jouvence's own database failed while queuing: stop this run. */
    private static final class QueueDown extends RuntimeException {
        QueueDown() {
            super(null, null, false, false);
        }
    }
}
