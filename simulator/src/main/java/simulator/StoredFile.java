package simulator;

import java.nio.file.Path;

/** A file record of a simulated site: a backup on disk or a small inline file. */
final class StoredFile {
    int id;
    Path path;
    byte[] inline;
    long size;
    String sha1;
    String contentType;
    String filename;
    boolean acceptRanges;
    long lastModified;
    int courseid;
    boolean withUserData;
    boolean backup;
    boolean available = true;

    /** Headers of a backup that is not stored (for broken answers made up on the fly). */
    static StoredFile pseudoBackup(long size) {
        StoredFile f = new StoredFile();
        f.size = size;
        f.sha1 = "0000000000000000000000000000000000000000";
        f.contentType = "application/vnd.moodle.backup";
        f.filename = "backup.mbz";
        f.acceptRanges = true;
        f.lastModified = Times.nowSeconds();
        return f;
    }
}
