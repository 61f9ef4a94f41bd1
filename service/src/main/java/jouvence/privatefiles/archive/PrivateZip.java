package jouvence.privatefiles.archive;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A staged private-files zip, checked before anything is written on the new platform: it is a zip (its central
 * directory read by Commons Compress), every entry name is safe ({@link EntryNames}), no entry is a link or another
 * special file (the unix mode in the external attributes), no path appears twice, and every entry is decompressed and
 * counted once: the total must stay within {@code maxBytes} whatever the entries claim (a zip bomb stops there).
 * One 64 KiB buffer, whatever the zip's size.
 */
public final class PrivateZip {

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    private PrivateZip() {
    }

    /** Checks the zip at {@code zip}; its contents when it can be carried over as a whole. */
    public static ZipContents check(Path zip, long maxBytes) throws RefusedArchiveException, IOException {
        try (ZipFile file = open(zip)) {
            List<ZipArchiveEntry> entries = Collections.list(file.getEntriesInPhysicalOrder());
            Set<String> seen = new HashSet<>();
            Set<String> folders = new LinkedHashSet<>();
            Set<String> nonEmpty = new HashSet<>();
            List<ZipItem> files = new ArrayList<>();
            long declared = 0;
            for (ZipArchiveEntry e : entries) {
                String name = e.getName();
                String problem = EntryNames.problem(name);
                if (problem != null) {
                    throw new RefusedArchiveException("The archive was refused: its entry " + quote(name) + " has "
                            + problem + ". Nothing was copied.");
                }
                int type = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? e.getUnixMode() & S_IFMT : 0;
                if (e.isUnixSymlink() || type == S_IFLNK) {
                    throw new RefusedArchiveException("The archive was refused: its entry " + quote(name)
                            + " is a symbolic link. Nothing was copied.");
                }
                if (type != 0 && type != S_IFREG && type != S_IFDIR) {
                    throw new RefusedArchiveException("The archive was refused: its entry " + quote(name)
                            + " is a special file, neither a file nor a folder. Nothing was copied.");
                }
                String key = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
                if (!seen.add(key)) {
                    throw new RefusedArchiveException("The archive was refused: " + quote(name)
                            + " appears twice in it. Nothing was copied.");
                }
                String parent = "/" + key.substring(0, key.lastIndexOf('/') + 1);
                addFolders(parent, folders);
                nonEmpty.add(parent);
                if (e.isDirectory()) {
                    folders.add("/" + key + "/");
                    continue;
                }
                declared += Math.max(e.getSize(), 0);
                if (declared > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                files.add(ZipItem.of(name, 0));
            }
            long total = 0;
            List<ZipItem> counted = new ArrayList<>();
            for (ZipItem item : files) {
                long size = copy(file, file.getEntry(item.entryName()), null, maxBytes - total);
                total += size;
                counted.add(new ZipItem(item.filepath(), item.filename(), size, item.entryName()));
            }
            List<String> empty = folders.stream().filter(f -> !f.equals("/") && !nonEmpty.contains(f)).toList();
            folders.remove("/");
            return new ZipContents(counted, new ArrayList<>(folders), empty, total);
        }
    }

    /** Writes one checked file of the zip to {@code target} (at most {@code maxBytes}); returns its size. */
    public static long extract(Path zip, ZipItem item, Path target, long maxBytes)
            throws RefusedArchiveException, IOException {
        try (ZipFile file = open(zip); OutputStream out = Files.newOutputStream(target)) {
            ZipArchiveEntry e = file.getEntry(item.entryName());
            if (e == null) {
                throw new RefusedArchiveException("The archive changed: " + quote(item.entryName()) + " is gone.");
            }
            return copy(file, e, out, maxBytes);
        }
    }

    private static ZipFile open(Path zip) throws RefusedArchiveException, IOException {
        try {
            return ZipFile.builder().setPath(zip).setCharset(StandardCharsets.UTF_8).setUseUnicodeExtraFields(true)
                    .get();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new RefusedArchiveException("The old platform's answer is not a zip archive (" + e.getMessage()
                    + "). Nothing was copied.", e);
        }
    }

    private static long copy(ZipFile file, ZipArchiveEntry e, OutputStream out, long budget)
            throws RefusedArchiveException, IOException {
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = file.getInputStream(e)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
                if (size > budget) {
                    throw tooLargeWhileReading(e.getName());
                }
                if (out != null) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (java.util.zip.ZipException ze) {
            throw new RefusedArchiveException("The archive is damaged at " + quote(e.getName()) + " ("
                    + ze.getMessage() + "). Nothing was copied.", ze);
        }
        if (e.getSize() >= 0 && size != e.getSize()) {
            throw new RefusedArchiveException("The archive was refused: " + quote(e.getName()) + " unpacks to "
                    + size + " bytes where it says " + e.getSize() + ". Nothing was copied.");
        }
        return size;
    }

    private static void addFolders(String folder, Set<String> folders) {
        for (int i = 1; i < folder.length(); i = folder.indexOf('/', i) + 1) {
            folders.add(folder.substring(0, folder.indexOf('/', i) + 1));
        }
    }

    private static RefusedArchiveException tooLarge(long maxBytes) {
        return new RefusedArchiveException("The private files are larger than the " + maxBytes + " bytes Jouvence "
                + "carries over (jouvence.private-files.max-bytes). Nothing was copied.");
    }

    private static RefusedArchiveException tooLargeWhileReading(String name) {
        return new RefusedArchiveException("The archive was refused: it unpacks to more than "
                + "jouvence.private-files.max-bytes (stopped at " + quote(name) + "; a zip bomb?). Nothing was copied.");
    }

    static String quote(String name) {
        String s = name.replaceAll("\\p{Cntrl}", "?");
        return "'" + (s.length() > 120 ? s.substring(0, 120) + "…" : s) + "'";
    }
}
