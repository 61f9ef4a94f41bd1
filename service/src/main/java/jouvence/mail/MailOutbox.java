package jouvence.mail;

import jouvence.JouvenceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The durable mail outbox (table {@code mail_outbox}): a mail is a row first, then sent by whichever replica claims it.
 * <p>
 * A claim is one {@code UPDATE … FOR UPDATE SKIP LOCKED … RETURNING}, like the restore queue's: competing replicas skip
 * each other's rows, and a claimed row is not due again before its lease ({@code jouvence.mail.claim-lease}) ends, so a
 * replica that died while sending leaves its mails to the others then. The claim moves {@code version} on; "sent" and
 * "failed" are written with it, so a sender whose lease ran out cannot overwrite the next sender's outcome. A refused
 * mail is tried again with exponential back-off and given up ({@code failed}, logged at ERROR, listed in the console)
 * after the last try: no admin mail then, mail being what fails.
 */
public class MailOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);

    /** The mail states, as stored. */
    public static final List<String> STATES = List.of("pending", "sent", "failed");

    static final String INSERT = "INSERT INTO mail_outbox (recipient, subject, body, request_id) VALUES (?, ?, ?, ?)";

    static final String CLAIM = """
            UPDATE mail_outbox
               SET claimed_by = ?, version = version + 1, attempts = attempts + 1,
                   next_attempt_at = now() + ? * interval '1 millisecond', modified_at = now()
             WHERE id IN (SELECT id FROM mail_outbox
                           WHERE state = 'pending' AND next_attempt_at <= now()
                           ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING *""";

    private static final String HELD = " WHERE id = ? AND version = ? AND state = 'pending'";

    static final String SENT = "UPDATE mail_outbox SET state = 'sent', sent_at = now(), claimed_by = NULL, "
            + "modified_at = now()" + HELD;

    static final String RETRY = "UPDATE mail_outbox SET next_attempt_at = now() + ? * interval '1 millisecond', "
            + "last_error = ?, claimed_by = NULL, modified_at = now()" + HELD;

    static final String GIVE_UP = "UPDATE mail_outbox SET state = 'failed', last_error = ?, claimed_by = NULL, "
            + "modified_at = now()" + HELD;

    /** A mail of the outbox as the sender and the console see it; {@code version} is the claim's. */
    public record OutboxMail(long id, String state, String to, String subject, String body, Long requestId,
                             int attempts, Instant nextAttemptAt, long version, String lastError, Instant createdAt) {
    }

    private final DataSource db;
    private final String instanceId;
    private final boolean enabled;
    private final JouvenceConfig.Outbox settings;

    public MailOutbox(DataSource db, String instanceId, boolean enabled, JouvenceConfig.Outbox settings) {
        this.db = db;
        this.instanceId = instanceId;
        this.enabled = enabled;
        this.settings = settings;
    }

    /** Puts the mail in the outbox (nothing when mail is off); the sender takes it from there. */
    public void enqueue(Mail mail) {
        if (!enabled) {
            LOG.debug("mail is off (jouvence.mail.enabled): \"{}\" to {} not queued", mail.subject(), mail.to());
            return;
        }
        update(INSERT, mail.to(), mail.subject(), mail.body(), mail.requestId());
    }

    /** Claims the due mails (at most {@code jouvence.mail.batch-size}) for this replica to send now. */
    public List<OutboxMail> claimDue() {
        return query(CLAIM, instanceId, settings.claimLease().toMillis(), settings.batchSize());
    }

    /** The claimed mail went out. */
    public void sent(OutboxMail mail) {
        if (update(SENT, mail.id(), mail.version()) == 0) {
            LOG.warn("mail {} was sent after its claim ran out (jouvence.mail.claim-lease): it may be sent twice",
                    mail.id());
        }
    }

    /** SMTP refused the claimed mail: tried again later with back-off, or given up after the last try. */
    public void attemptFailed(OutboxMail mail, Throwable error) {
        String reason = reason(error);
        Optional<Duration> delay = settings.delayAfter(mail.attempts());
        if (delay.isPresent()) {
            update(RETRY, delay.get().toMillis(), reason, mail.id(), mail.version());
            LOG.warn("could not mail \"{}\" to {} (try {} of {}): {}; next try in {}", mail.subject(), mail.to(),
                    mail.attempts(), settings.maxAttempts(), reason, delay.get());
        } else if (update(GIVE_UP, reason, mail.id(), mail.version()) > 0) {
            LOG.error("gave up mailing \"{}\" to {} after {} tries: {} (mail {} is failed in the outbox: see the "
                    + "console's mails)", mail.subject(), mail.to(), mail.attempts(), reason, mail.id());
        }
    }

    /**
     * The failure in one line, with its root cause when the message does not say it ("Couldn't connect to host…
     * (ConnectException: Connection refused)"): an SMTP server down is an expected event, logged without a stack trace.
     */
    static String reason(Throwable error) {
        if (error == null) {
            return "unknown";
        }
        String reason = String.valueOf(error.getMessage());
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error && root.getMessage() != null && !reason.contains(root.getMessage())) {
            reason += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        reason = reason.replaceAll("\\s*\\R\\s*", " ");
        return reason.length() > 500 ? reason.substring(0, 500) : reason;
    }

    /** How many mails are in each state ({@link #STATES}), for the {@code jouvence_mails} gauge. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        STATES.forEach(s -> counts.put(s, 0L));
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM mail_outbox GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    /** The mails not sent (pending, then failed), newest first within each, at most {@code limit}. */
    public List<OutboxMail> unsent(int limit) {
        return query("SELECT * FROM mail_outbox WHERE state <> 'sent' ORDER BY state DESC, id DESC LIMIT ?", limit);
    }

    /** Deletes the mails sent more than {@code jouvence.mail.keep-sent-days} ago; returns how many. */
    public int purgeSent() {
        return update("DELETE FROM mail_outbox WHERE state = 'sent' AND sent_at < now() - ? * interval '1 day'",
                settings.keepSentDays());
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<OutboxMail> query(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<OutboxMail> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxMail(rs.getLong("id"), rs.getString("state"), rs.getString("recipient"),
                            rs.getString("subject"), rs.getString("body"), rs.getObject("request_id", Long.class),
                            rs.getInt("attempts"), instant(rs.getTimestamp("next_attempt_at")), rs.getLong("version"),
                            rs.getString("last_error"), instant(rs.getTimestamp("created_at"))));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
