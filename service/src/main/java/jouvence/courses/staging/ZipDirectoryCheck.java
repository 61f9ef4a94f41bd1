package jouvence.courses.staging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * ZipInputStream treats end-of-file between two entries as a normal end, so a zip cut exactly there would pass: this
 * checks that the file ends with a central directory that announces as many entries as were read. Reads the last
 * 64 KiB of the file at most.
 */
final class ZipDirectoryCheck {

    /** Zip end-of-central-directory record: fixed part, and the largest comment it may be followed by. */
    private static final int ZIP_EOCD_SIZE = 22;
    private static final int ZIP_MAX_COMMENT = 0xFFFF;

    private ZipDirectoryCheck() {
    }

    static void check(Path archive, long size, int entriesRead) throws InvalidArchiveException, IOException {
        byte[] t = tail(archive, size);
        for (int i = t.length - ZIP_EOCD_SIZE; i >= 0; i--) {
            if (t[i] == 'P' && t[i + 1] == 'K' && t[i + 2] == 5 && t[i + 3] == 6) {
                int commentLength = u16(t, i + 20);
                if (i + ZIP_EOCD_SIZE + commentLength != t.length) {
                    continue; // the signature bytes happen to appear inside the comment or data
                }
                int announced = u16(t, i + 10);
                if (announced != 0xFFFF && announced != (entriesRead & 0xFFFF)) {
                    throw new InvalidArchiveException(InvalidArchiveException.CORRUPT,
                            "The zip archive is damaged: its table of contents lists " + announced
                                    + " entries but " + entriesRead + " could be read.");
                }
                return;
            }
        }
        throw new InvalidArchiveException(InvalidArchiveException.CORRUPT,
                "The zip archive is incomplete (the download was probably cut short): "
                        + "its table of contents at the end of the file is missing.");
    }

    private static byte[] tail(Path archive, long size) throws IOException {
        int tailLength = (int) Math.min(size, ZIP_EOCD_SIZE + ZIP_MAX_COMMENT);
        ByteBuffer tail = ByteBuffer.allocate(tailLength);
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ)) {
            long pos = size - tailLength;
            while (tail.hasRemaining()) {
                int n = ch.read(tail, pos + tail.position());
                if (n < 0) {
                    break;
                }
            }
        }
        return tail.array();
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }
}
