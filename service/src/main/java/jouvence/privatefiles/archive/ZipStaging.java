package jouvence.privatefiles.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams the old platform's zip into the staging folder, at most {@code maxBytes}: a longer answer is cut there and
 * refused, the partial file deleted. One 64 KiB buffer, whatever the size.
 */
public final class ZipStaging {

    private ZipStaging() {
    }

    /** Writes {@code in} to {@code target}; returns the bytes written. */
    public static long write(InputStream in, Path target, long maxBytes) throws RefusedArchiveException, IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        boolean whole = false;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new RefusedArchiveException("The private files' zip is larger than the " + maxBytes
                            + " bytes Jouvence carries over (jouvence.private-files.max-bytes). Nothing was copied.");
                }
                out.write(buffer, 0, n);
            }
            whole = true;
        } finally {
            if (!whole) {
                Files.deleteIfExists(target);
            }
        }
        return total;
    }
}
