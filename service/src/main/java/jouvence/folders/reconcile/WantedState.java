package jouvence.folders.reconcile;

import jouvence.folders.FolderSet;
import jouvence.folders.GroupMode;
import jouvence.folders.moodle.CourseGroups;
import jouvence.folders.moodle.CourseGroups.Participant;
import jouvence.folders.naming.FolderNames;
import jouvence.folders.naming.PluginNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a folder set should be in the cloud, from what Moodle says: the set's folder, one folder per group (group mode),
 * and who gets each one. Folder sets Jouvence owns live under {@code jouvence.folders.root} as
 * {@code <course> (id C)/<set> (id S)/<group> (id G)}; a set made from the plugin's activity is named exactly as the
 * plugin names it ({@link PluginNames}), so that both find the same tree.
 *
 * @param folders every wanted folder, the set's first, by key
 * @param sharees who gets each folder: the group's students for a group folder; the set's folder goes to the teachers
 *                when it allows them, and to every student too when there are no groups
 */
public record WantedState(Map<FolderKey, WantedFolder> folders, Map<FolderKey, List<Participant>> sharees) {

    public WantedState {
        folders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(folders));
        sharees = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sharees));
    }

    /** A wanted folder: its path from the system account's root, and its group's name (null for the set's). */
    public record WantedFolder(FolderKey key, String groupName, String path) {
        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    public WantedFolder parent() {
        return folders.get(FolderKey.PARENT);
    }

    /**
     * @param root   {@code jouvence.folders.root} (Jouvence's own sets live under it)
     * @param labels the words of the plugin's context names in the new platform's default language
     */
    public static WantedState of(FolderSet set, CourseGroups moodle, String root, PluginNames.Labels labels) {
        String parentPath = set.fromPlugin() ? String.join("/", new PluginNames(labels).basePath(activity(set, moodle)))
                : root + "/" + FolderNames.courseFolder(moodle.course().fullname(), set.courseId()) + "/"
                + FolderNames.setFolder(set.name(), set.id());
        Map<FolderKey, WantedFolder> folders = new LinkedHashMap<>();
        Map<FolderKey, List<Participant>> sharees = new LinkedHashMap<>();
        folders.put(FolderKey.PARENT, new WantedFolder(FolderKey.PARENT, null, parentPath));
        List<Participant> parentSharees = new ArrayList<>(set.teacherAccess() ? moodle.teachers() : List.of());
        if (set.groupMode() == GroupMode.NONE) {
            parentSharees.addAll(moodle.students());
        } else {
            for (CourseGroups.Group g : moodle.groups()) {
                String name = set.fromPlugin() ? PluginNames.groupFolder(g.name(), g.id())
                        : FolderNames.groupFolder(g.name(), g.id());
                FolderKey key = FolderKey.group(g.id());
                folders.put(key, new WantedFolder(key, g.name(), parentPath + "/" + name));
                sharees.put(key, g.students());
            }
        }
        sharees.put(FolderKey.PARENT, parentSharees);
        return new WantedState(folders, sharees);
    }

    private static PluginNames.Activity activity(FolderSet set, CourseGroups moodle) {
        return new PluginNames.Activity(moodle.siteShortname(), moodle.categories().stream()
                .map(c -> new PluginNames.Category(c.id(), c.name())).toList(), set.courseId(),
                moodle.course().displayName(), set.cmid(), set.name());
    }
}
