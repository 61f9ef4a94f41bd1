package jouvence.courses.bridge;

import java.util.Map;

/** One row of the block's queue table ({@code {prefix}block_external_backuprestore}), as read. */
public record BlockRow(long id, long userid, long courseId, String courseName, String url, long category,
                       int withUserData, int enrolmentMode) {

    /** The row from its columns by name, as a {@code sql:} endpoint reads them; a null number is 0, as JDBC reads it. */
    public static BlockRow of(Map<String, ?> columns) {
        return new BlockRow(number(columns, "id"), number(columns, "userid"), number(columns, "externalcourseid"),
                (String) columns.get("externalcoursename"), (String) columns.get("externalmoodleurl"),
                number(columns, "internalcategory"), (int) number(columns, "withuserdatas"),
                (int) number(columns, "enrolmentmode"));
    }

    static long number(Map<String, ?> columns, String name) {
        Object value = columns.get(name);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
