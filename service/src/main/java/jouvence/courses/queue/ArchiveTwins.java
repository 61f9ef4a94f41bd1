package jouvence.courses.queue;

import jouvence.courses.RestoreRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Claims the twins of a request whose archive was just downloaded: due requests of the same course, server and user
 * data setting, made before that request was claimed (so before its backup was asked: the archive is at least as new
 * as what they asked for). They take that archive instead of a backup of their own.
 */
final class ArchiveTwins {

    static final String CLAIM_TWINS = """
            UPDATE restore_request
               SET status = 1, claimed_by = ?, lease_until = now() + ? * interval '1 millisecond',
                   version = version + 1, processed_at = now(), modified_at = now(), attempts = attempts + 1,
                   step = 'claimed'
             WHERE id IN (SELECT id FROM restore_request
                           WHERE server_id = ? AND remote_course_id = ? AND with_user_data = ? AND id <> ?
                             AND status IN (0, 3) AND next_attempt_at <= now() AND restored_course_id IS NULL
                             AND created_at <= ?
                           ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING *""";

    private final Sql sql;
    private final RequestEvents events;
    private final String instance;

    ArchiveTwins(Sql sql, RequestEvents events, String instance) {
        this.sql = sql;
        this.events = events;
        this.instance = instance;
    }

    List<RestoreRequest> claim(RestoreRequest archived, int max, Duration lease) {
        if (max <= 0) {
            return List.of();
        }
        try (Connection c = sql.connection(); PreparedStatement ps = c.prepareStatement(CLAIM_TWINS)) {
            Sql.bind(ps, instance, lease.toMillis(), archived.serverId(), archived.remoteCourseId(),
                    archived.withUserData(), archived.id(), Sql.ts(archived.processedAt()), max);
            List<RestoreRequest> twins = Sql.all(ps);
            for (RestoreRequest t : twins) {
                events.record(c, t.id(), "claim", "ok", null, "attempt " + t.attempts() + ", to share the archive of"
                        + " request " + archived.id());
            }
            return twins;
        } catch (SQLException e) {
            throw new IllegalStateException("the twins of request " + archived.id() + " could not be claimed", e);
        }
    }
}
