package simulator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import simulator.SimulatedArchive.CourseFacts;
import simulator.SimulatedArchive.Written;

/** Synthetic Moodle 4.4 backups (tar.gz) of any size, written to disk in constant memory. */
final class SyntheticArchive {

    /** Moodle's tgz packer dates directories to 2013-01-01. */
    private static final long DIR_MTIME = 1356998400L;
    private static final int BUFFER = 64 * 1024;

    private SyntheticArchive() {
    }

    /**
     * Writes a synthetic Moodle 4.4 backup (tar.gz) to {@code target}: {@code .ARCHIVE_INDEX}, {@code course/course.xml},
     * an optional {@code files/padding.bin} of {@code paddingBytes} incompressible bytes, {@code files.xml} and
     * (unless {@code withBackupXml} is false) {@code moodle_backup.xml}. Memory use does not depend on the size.
     */
    static Written write(Path target, CourseFacts course, boolean withUserData, long paddingBytes,
                         boolean withBackupXml) throws IOException {
        long now = System.currentTimeMillis() / 1000;
        byte[] courseXml = BackupXml.course(course).getBytes(StandardCharsets.UTF_8);
        byte[] backupXml = BackupXml.moodleBackup(course, withUserData, now).getBytes(StandardCharsets.UTF_8);
        byte[] filesXml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<files>\n</files>").getBytes(StandardCharsets.UTF_8);
        long padding = Math.max(0, paddingBytes);

        List<String[]> index = new ArrayList<>();
        index.add(new String[] {"course/", "d", "0", "?"});
        index.add(new String[] {"course/course.xml", "f", Long.toString(courseXml.length), Long.toString(now)});
        index.add(new String[] {"files/", "d", "0", "?"});
        if (padding > 0) {
            index.add(new String[] {"files/padding.bin", "f", Long.toString(padding), Long.toString(now)});
        }
        index.add(new String[] {"files.xml", "f", Long.toString(filesXml.length), Long.toString(now)});
        if (withBackupXml) {
            index.add(new String[] {"moodle_backup.xml", "f", Long.toString(backupXml.length), Long.toString(now)});
        }
        StringBuilder idx = new StringBuilder("Moodle archive file index. Count: ").append(index.size()).append('\n');
        for (String[] row : index) {
            idx.append(String.join("\t", row)).append('\n');
        }

        MessageDigest sha1 = SimulatedArchive.sha1();
        CountingOutputStream counter;
        int level = padding > 0 ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION;
        try (OutputStream file = Files.newOutputStream(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            counter = new CountingOutputStream(new DigestOutputStream(new BufferedOutputStream(file, BUFFER), sha1));
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new UnixGzipOutputStream(counter, level, now))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                addFile(tar, ".ARCHIVE_INDEX", idx.toString().getBytes(StandardCharsets.UTF_8), DIR_MTIME);
                addDir(tar, "course/");
                addFile(tar, "course/course.xml", courseXml, now);
                addDir(tar, "files/");
                if (padding > 0) {
                    TarArchiveEntry e = new TarArchiveEntry("files/padding.bin");
                    e.setSize(padding);
                    e.setMode(0100644);
                    e.setModTime(now * 1000);
                    tar.putArchiveEntry(e);
                    writePadding(tar, padding, course.id() * 31L + now);
                    tar.closeArchiveEntry();
                }
                addFile(tar, "files.xml", filesXml, now);
                if (withBackupXml) {
                    addFile(tar, "moodle_backup.xml", backupXml, now);
                }
                tar.finish();
            }
        }
        return new Written(counter.count, HexFormat.of().formatHex(sha1.digest()));
    }

    /** Small tar.gz without moodle_backup.xml (for {@code Kind.NO_BACKUP_XML}). */
    static byte[] withoutBackupXml(CourseFacts facts) throws IOException {
        Path tmp = Files.createTempFile("moodle-sim-nobackupxml-", ".mbz");
        try {
            write(tmp, facts, false, 0, false);
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writePadding(OutputStream out, long size, long seed) throws IOException {
        // A 1 MiB random block, re-stamped with a counter on each round: deflate's 32 KiB window can't compress it.
        byte[] block = new byte[1024 * 1024];
        new SplittableRandom(seed).nextBytes(block);
        long remaining = size;
        long round = 0;
        while (remaining > 0) {
            long r = round++;
            for (int i = 0; i < 8; i++) {
                block[i] = (byte) (r >>> (8 * i));
            }
            int n = (int) Math.min(block.length, remaining);
            out.write(block, 0, n);
            remaining -= n;
        }
    }

    private static void addDir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setModTime(DIR_MTIME * 1000);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void addFile(TarArchiveOutputStream tar, String name, byte[] content, long mtime) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(0100644);
        e.setModTime(mtime * 1000);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
