package jouvence.folders.store;

import jouvence.db.Jdbc;
import jouvence.folders.FolderEvent;
import jouvence.folders.FolderRecord;
import jouvence.folders.FolderSet;
import jouvence.folders.GroupMode;
import jouvence.folders.ShareRecord;

import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The folder store's use of {@link Jdbc}: its rows read as sets, folders, shares and events. */
final class FolderSql extends Jdbc {

    FolderSql(DataSource db) {
        super(db);
    }

    static FolderSet set(ResultSet rs) throws SQLException {
        return new FolderSet(rs.getLong("id"), rs.getLong("course_id"), nullableLong(rs, "cmid"), rs.getString("name"),
                GroupMode.of(rs.getString("group_mode")), nullableLong(rs, "grouping_id"),
                rs.getBoolean("teacher_access"), rs.getString("origin"), rs.getString("created_by"),
                rs.getBoolean("managed"), rs.getString("state"), instant(rs, "next_attempt_at"), rs.getInt("attempts"),
                rs.getString("claimed_by"), instant(rs, "lease_until"), rs.getLong("version"),
                rs.getString("last_error"), instant(rs, "last_reconciled_at"), instant(rs, "created_at"),
                instant(rs, "modified_at"));
    }

    static FolderRecord folder(ResultSet rs) throws SQLException {
        return new FolderRecord(rs.getLong("id"), rs.getLong("folder_set_id"), rs.getString("kind"),
                nullableLong(rs, "group_id"), rs.getString("group_name"), rs.getString("path"),
                nullableLong(rs, "file_id"), rs.getString("state"), rs.getBoolean("wanted"), rs.getString("error"),
                instant(rs, "modified_at"));
    }

    static ShareRecord share(ResultSet rs) throws SQLException {
        long permissions = rs.getLong("permissions");
        Integer granted = rs.wasNull() ? null : (int) permissions;
        return new ShareRecord(rs.getLong("id"), rs.getLong("folder_id"), rs.getLong("moodle_user_id"),
                rs.getString("moodle_username"), rs.getString("cloud_user_id"), nullableLong(rs, "share_id"), granted,
                rs.getString("state"), rs.getString("error"), instant(rs, "modified_at"), rs.getBoolean("move_asked"));
    }

    static FolderEvent event(ResultSet rs) throws SQLException {
        return new FolderEvent(instant(rs, "at"), rs.getString("step"), rs.getString("outcome"),
                rs.getString("message"), rs.getString("instance"));
    }

}
