package simulator;

import static simulator.PhpJson.obj;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The old platform's side of block_my_external_privatefiles 3.0.0 (extras.md A2) and core's
 * core_user_get_private_files_info: {@code block_my_external_privatefiles_get_private_files_zip} zips a user's whole
 * private tree into a new draft item of that user (one per call) and answers where it is.
 */
final class PrivateFilesServer {

    static final String FN_ZIP = "block_my_external_privatefiles_get_private_files_zip";
    static final String FN_INFO = "core_user_get_private_files_info";
    static final String CAN_CREATE = "block/my_external_privatefiles:can_create_draftuserfiles_for_other_users";
    static final String CAN_RETRIEVE = "block/my_external_privatefiles:can_retrieve_files_from_other_users";
    static final String ZIP_NAME = "myprivatefiles.zip";

    private final SiteState site;

    PrivateFilesServer(SiteState site) {
        this.site = site;
    }

    /** A user's context id here (Moodle gives each user one; the lab's teacher1 has a higher one, any is fine). */
    static int userContextId(User u) {
        return 1000 + u.id;
    }

    Object zip(Map<String, Object> p) {
        Params.allowOnly(p, "username");
        String username = Params.reqText(p, "username");
        synchronized (site) {
            if (site.deniedCapabilities.contains(CAN_CREATE)) {
                throw new WsError("required_capability_exception", "nopermissions", "Sorry, but you do not currently "
                        + "have permissions to do that (Create draft user files for other users).");
            }
            User u = site.findUser(username);
            if (u == null) {
                throw WsError.invalidParameter(); // debuginfo "user with username not found"
            }
            PrivateFileStore store = site.privateFiles;
            byte[] bytes = store.zipOverrides.get(username);
            TreeMap<String, byte[]> files = store.privateFiles.get(u.id);
            if (bytes == null) {
                if (files == null || files.isEmpty()) {
                    throw new WsError("Exception", null, "No file found in your private file area");
                }
                bytes = zipOf(files);
            }
            long itemid = store.newItemId();
            TreeMap<String, byte[]> draft = new TreeMap<>();
            draft.put("/" + ZIP_NAME, bytes);
            store.drafts.put(itemid, new PrivateFileStore.Draft(u.id, draft));
            int contextid = userContextId(u);
            return obj("contextid", contextid, "component", "user", "filearea", "draft", "itemid", itemid,
                    "filepath", "/", "filename", ZIP_NAME,
                    "relativepath", "/" + contextid + "/user/draft/" + itemid + "/" + ZIP_NAME);
        }
    }

    /** core_user_get_private_files_info {userid}: counts and size of a user's private files. */
    Object info(Map<String, Object> p) {
        Params.allowOnly(p, "userid");
        Long userid = Params.optInt(p, "userid");
        synchronized (site) {
            User u = userid == null ? null : site.users.get(Params.toId(userid));
            if (u == null) {
                throw WsError.invalidParameter();
            }
            TreeMap<String, byte[]> files = site.privateFiles.privateFiles.getOrDefault(u.id, new TreeMap<>());
            long fileCount = files.keySet().stream().filter(k -> !k.endsWith("/")).count();
            long size = PrivateFileStore.size(files);
            return obj("filecount", fileCount, "foldercount", files.size() - fileCount, "filesize", size,
                    "filesizewithoutreferences", size, "warnings", java.util.List.of());
        }
    }

    /** The zip Moodle's zip_packer makes of a private tree: folder entries, UTF-8 names, no leading slash. */
    static byte[] zipOf(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey().substring(1)));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
