package jouvence.courses.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A file of the watched import folder, opened only when it is a regular file: a symbolic link (to /etc/passwd or to a
 * colleague's export), a named pipe or a device is never read. camel-file lists the folder with {@link java.io.File},
 * which follows links, so the check is here: the file's attributes are read without following links, it is opened with
 * {@link LinkOption#NOFOLLOW_LINKS} (a link swapped in between fails the open), and its identity is compared after the
 * open (a regular file swapped in between is refused too).
 */
public final class DroppedFile {

    /** The folder held something that is not a regular file: nothing of it was read. */
    public static final class NotRegular extends Exception {
        NotRegular(String message) {
            super(message);
        }
    }

    private DroppedFile() {
    }

    /**
     * Opens {@code file} for reading if it is a regular file.
     *
     * @param name the name reports give it
     * @throws NotRegular it is a link, a pipe, a device, a folder, or was replaced while it was opened
     */
    public static InputStream open(Path file, String name) throws NotRegular, IOException {
        BasicFileAttributes before = attributes(file, name);
        if (!before.isRegularFile()) {
            throw notRegular(name, kind(before));
        }
        InputStream in;
        try {
            in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            throw notRegular(name, "replaced by a symbolic link while it was opened");
        }
        BasicFileAttributes after = attributes(file, name);
        if (!after.isRegularFile() || !Objects.equals(before.fileKey(), after.fileKey())) {
            in.close();
            throw notRegular(name, "replaced by another file while it was opened");
        }
        return in;
    }

    private static BasicFileAttributes attributes(Path file, String name) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static NotRegular notRegular(String name, String what) {
        return new NotRegular(name + " is " + what + ", not a regular file: it was not read and nothing was queued "
                + "(drop the file itself, not a link to it)");
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return "a symbolic link";
        } else if (a.isDirectory()) {
            return "a folder";
        }
        return "a named pipe, socket or device";
    }
}
