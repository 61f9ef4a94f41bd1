package jouvence.folders.moodle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The bridge's read of the plugin's activities on the new Moodle's database: {@code {prefix}collaborativefolders}
 * joined with its course modules, read-only (SELECT only; Moodle's schema is never touched), on the course bridge's
 * own pool ({@code jouvence.bridge.db.*}, {@link jouvence.courses.bridge.BridgeDatabase}). Course modules being
 * deleted (Moodle's recycle bin sets {@code deletioninprogress} first) are left out: their folders are not wanted.
 * The table prefix is the bridge's, checked at start-up (lower-case letters, digits, underscores).
 */
public final class CollaborativeFolderActivities {

    /** Moodle's group modes: NOGROUPS, SEPARATEGROUPS, VISIBLEGROUPS (the plugin does not tell the last two apart). */
    public static final int NOGROUPS = 0;

    /**
     * One activity as the plugin sees it.
     *
     * @param groupMode   the course module's group mode, or the course's when the course forces it
     *                    ({@code groups_get_activity_groupmode})
     * @param groupingId  the course module's grouping, 0 for none (every group of the course)
     * @param teacher     teachers get the parent folder ({@code teacher} = 1; null, as old rows hold, counts as 0)
     */
    public record Activity(long cmid, long instanceId, long courseId, String name, int groupMode, long groupingId,
                           boolean teacher) {
        public boolean grouped() {
            return groupMode != NOGROUPS;
        }
    }

    private final DataSource moodleDb;
    private final String prefix;

    public CollaborativeFolderActivities(DataSource moodleDb, String tablePrefix) {
        if (tablePrefix == null || !tablePrefix.matches("[a-z0-9_]{0,20}")) {
            throw new IllegalArgumentException("table prefix '" + tablePrefix + "': lower-case letters, digits, underscores");
        }
        this.moodleDb = moodleDb;
        this.prefix = tablePrefix;
    }

    /** Every activity of the site, by cmid. */
    public List<Activity> all() throws SQLException {
        return query("", null);
    }

    /** The activities of one course, by cmid. */
    public List<Activity> ofCourse(long courseId) throws SQLException {
        return query(" AND cm.course = ?", courseId);
    }

    /**
     * Group id → name as stored in {@code {prefix}groups} for a course: the plugin names group folders from this raw
     * name, which the web services only show format_string'd.
     */
    public Map<Long, String> groupNames(long courseId) throws SQLException {
        Map<Long, String> names = new LinkedHashMap<>();
        try (Connection c = moodleDb.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, name FROM " + prefix + "groups WHERE courseid = ? ORDER BY id")) {
            ps.setLong(1, courseId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return names;
    }

    private List<Activity> query(String where, Long courseId) throws SQLException {
        String sql = "SELECT cm.id AS cmid, cf.id AS instance, cm.course, cf.name,"
                + " CASE WHEN co.groupmodeforce = 1 THEN co.groupmode ELSE cm.groupmode END AS groupmode,"
                + " cm.groupingid, COALESCE(cf.teacher, 0) AS teacher"
                + " FROM " + prefix + "collaborativefolders cf"
                + " JOIN " + prefix + "course_modules cm ON cm.instance = cf.id"
                + " JOIN " + prefix + "modules m ON m.id = cm.module AND m.name = 'collaborativefolders'"
                + " JOIN " + prefix + "course co ON co.id = cm.course"
                + " WHERE cm.deletioninprogress = 0" + where + " ORDER BY cm.id";
        List<Activity> activities = new ArrayList<>();
        try (Connection c = moodleDb.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setReadOnly(true);
            if (courseId != null) {
                ps.setLong(1, courseId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    activities.add(new Activity(rs.getLong("cmid"), rs.getLong("instance"), rs.getLong("course"),
                            rs.getString("name"), rs.getInt("groupmode"), rs.getLong("groupingid"),
                            rs.getInt("teacher") == 1));
                }
            }
        }
        return activities;
    }
}
