package jouvence.folders;

/**
 * A folder set to create, as checked by {@link FolderSetService#create}.
 *
 * @param cmid       the plugin's activity (bridge only), else null
 * @param groupingId null for every group of the course (and always null with {@link GroupMode#NONE})
 * @param origin     api, page or bridge
 * @param createdBy  who asked (the API's caller, the teacher, "bridge")
 */
public record NewFolderSet(long courseId, Long cmid, String name, GroupMode groupMode, Long groupingId,
                           boolean teacherAccess, String origin, String createdBy) {
}
