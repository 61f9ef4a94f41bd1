package simulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

/** Sends a stored file as Moodle's file serving does: its headers, byte ranges, streamed from disk. */
final class FileSender {

    private static final int BUFFER = 64 * 1024;

    private FileSender() {
    }

    static void sendArchiveBytes(HttpExchange ex, byte[] bytes) throws IOException {
        StoredFile f = StoredFile.pseudoBackup(bytes.length);
        f.sha1 = SimulatedArchive.sha1Hex(bytes);
        backupHeaders(ex, f);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    static void backupHeaders(HttpExchange ex, StoredFile f) {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Disposition", "inline; filename=\"" + f.filename + "\"");
        h.set("Cache-Control", "private, max-age=21600, no-transform");
        h.set("Expires", Times.httpDate(Times.nowSeconds() + 21600));
        h.set("Pragma", "");
        h.set("Last-Modified", Times.httpDate(f.lastModified));
        h.set("Etag", "\"" + f.sha1 + "\"");
        h.set("Accept-Ranges", f.acceptRanges ? "bytes" : "none");
        h.set("Content-Type", f.contentType);
    }

    /** The file (from {@code content}, or its inline bytes), whole or the range asked for. */
    static void sendStoredFile(HttpExchange ex, StoredFile f, InputStream content) throws IOException {
        backupHeaders(ex, f);
        InputStream in = content != null ? content : new ByteArrayInputStream(f.inline);
        long start = 0;
        long end = f.size - 1;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (f.acceptRanges && range != null && f.size > 0) {
            Matcher m = Pattern.compile("^bytes=(\\d*)-(\\d*)$").matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) {
                    start = Math.max(0, f.size - Long.parseLong(m.group(2)));
                } else {
                    start = Long.parseLong(m.group(1));
                    if (!m.group(2).isEmpty()) {
                        end = Math.min(end, Long.parseLong(m.group(2)));
                    }
                }
                if (start > end || start >= f.size) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + f.size);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + f.size);
            }
        }
        long length = end - start + 1;
        ex.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length == 0) {
            return;
        }
        in.skipNBytes(start);
        try (OutputStream os = ex.getResponseBody()) {
            copy(in, os, length);
        }
    }

    static void copy(InputStream in, OutputStream os, long length) throws IOException {
        byte[] buf = new byte[BUFFER];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
                throw new IOException("file shorter than announced");
            }
            os.write(buf, 0, n);
            remaining -= n;
        }
    }
}
