package jouvence.privatefiles;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Zips made to be refused: a '..' entry, an absolute path, a symbolic link, a bomb; and a good one for contrast. */
public final class HostileZips {

    private HostileZips() {
    }

    /** A zip of {@code name → content} pairs (a name ending in '/' is a folder). */
    public static byte[] zip(Object... nameThenContent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (int i = 0; i < nameThenContent.length; i += 2) {
                String name = (String) nameThenContent[i];
                Object c = nameThenContent[i + 1];
                byte[] bytes = c instanceof byte[] b ? b : ((String) c).getBytes(StandardCharsets.UTF_8);
                ZipArchiveEntry e = new ZipArchiveEntry(name);
                zip.putArchiveEntry(e);
                zip.write(bytes);
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] dotDot() {
        return zip("notes/ok.txt", "fine", "../../etc/evil.txt", "owned");
    }

    public static byte[] absolute() {
        return zip("/etc/evil.txt", "owned");
    }

    public static byte[] backslash() {
        return zip("..\\..\\evil.txt", "owned");
    }

    /** An entry whose unix mode says symbolic link, pointing out of the tree. */
    public static byte[] symlink() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            ZipArchiveEntry e = new ZipArchiveEntry("notes/passwd");
            e.setUnixMode(0120777);
            zip.putArchiveEntry(e);
            zip.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code mib} MiB of zeros, deflated to a few KiB. */
    public static byte[] bomb(int mib) {
        return zip("bomb.bin", new byte[mib * 1024 * 1024]);
    }
}
