package jouvence.privatefiles.archive;

/**
 * A file of a private-files zip as Moodle will hold it: its folder ({@code filepath}, {@code /} or {@code /a/b/}),
 * its name, its size (counted while reading), and the zip entry it comes from.
 */
public record ZipItem(String filepath, String filename, long size, String entryName) {

    /** {@code /a/b/name}: the path shown to people. */
    public String path() {
        return filepath + filename;
    }

    static ZipItem of(String entryName, long size) {
        int slash = entryName.lastIndexOf('/');
        return new ZipItem("/" + entryName.substring(0, slash + 1), entryName.substring(slash + 1), size, entryName);
    }
}
