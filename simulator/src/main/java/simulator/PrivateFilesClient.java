package simulator;

import static simulator.PhpJson.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The new platform's functions a user calls with their own (mobile app) token: core_user_add_user_private_files
 * merges one of their draft items into their private files (a file of the same path replaces the one there, as
 * Moodle's file_merge_files_from_draft_area_into_filearea does; over {@code $CFG->userquota} the whole call is refused
 * with {@code maxareabytes}), and core_files_get_files lists a folder of their private files.
 */
final class PrivateFilesClient {

    static final String FN_ADD = "core_user_add_user_private_files";
    static final String FN_GET_FILES = "core_files_get_files";

    private final SiteState site;

    PrivateFilesClient(SiteState site) {
        this.site = site;
    }

    Object add(User caller, Map<String, Object> p) {
        Params.allowOnly(p, "draftid");
        long draftid = Params.reqInt(p, "draftid");
        synchronized (site) {
            PrivateFileStore store = site.privateFiles;
            PrivateFileStore.Draft draft = store.drafts.get(draftid);
            TreeMap<String, byte[]> mine = store.filesOf(caller.id);
            TreeMap<String, byte[]> merged = new TreeMap<>(mine);
            if (draft == null || draft.owner() != caller.id) {
                throw new WsError("coding_exception", "codingerror", "Coding error detected, it must be fixed by a "
                        + "programmer: Nothing to merge or area does not belong to current user");
            }
            {
                draft.files().forEach((path, bytes) -> {
                    merged.put(path, bytes);
                    for (String dir = parent(path); !dir.equals("/"); dir = parent(dir)) {
                        merged.putIfAbsent(dir, new byte[0]);
                    }
                });
            }
            if (store.userQuota > 0 && PrivateFileStore.size(merged) > store.userQuota) {
                throw new WsError("moodle_exception", "maxareabytes",
                        "The file is larger than the space remaining in this area.");
            }
            mine.clear();
            mine.putAll(merged);
            store.drafts.remove(draftid);
            return null;
        }
    }

    Object getFiles(User caller, Map<String, Object> p) {
        Params.allowOnly(p, "contextid", "component", "filearea", "itemid", "filepath", "filename", "modified",
                "contextlevel", "instanceid");
        String filepath = Params.optText(p, "filepath", "/");
        Long instanceid = Params.optInt(p, "instanceid");
        if (instanceid != null && instanceid != caller.id) {
            return obj("parents", List.of(), "files", List.of()); // another user's area: nothing, no error
        }
        synchronized (site) {
            TreeMap<String, byte[]> mine = site.privateFiles.filesOf(caller.id);
            List<Object> files = new ArrayList<>();
            for (Map.Entry<String, byte[]> f : mine.entrySet()) {
                String key = f.getKey();
                boolean dir = key.endsWith("/");
                String path = dir ? key.substring(0, key.length() - 1) : key;
                String parent = path.substring(0, path.lastIndexOf('/') + 1);
                if (!parent.equals(filepath) || path.isEmpty()) {
                    continue;
                }
                String name = path.substring(parent.length());
                files.add(obj("contextid", PrivateFilesServer.userContextId(caller), "component", "user",
                        "filearea", "private", "itemid", 0, "filepath", dir ? key : parent,
                        "filename", name, "isdir", dir, "url", dir ? null : "", "timemodified", Times.nowSeconds(),
                        "timecreated", Times.nowSeconds(), "filesize", f.getValue().length, "author", caller.fullname(),
                        "license", "unknown"));
            }
            return obj("parents", List.of(), "files", files);
        }
    }

    private static String parent(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(0, p.lastIndexOf('/') + 1);
    }
}
