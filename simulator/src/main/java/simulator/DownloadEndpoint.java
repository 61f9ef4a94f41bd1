package simulator;

import static simulator.Responses.sendDownloadError;
import static simulator.Responses.sendEmpty;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;

import simulator.MoodleSimulator.Kind;

/**
 * The plugin's get_user_backup_course_webservice.php (D1-D11): any stored file by filerecordid for the site's token;
 * an unknown or replaced file is HTTP 200 with an empty body; tests can make it answer a broken archive instead.
 */
final class DownloadEndpoint implements Endpoint {

    /** Bytes a {@link Kind#STALLED} answer sends before going silent. */
    static final int STALL_AFTER_BYTES = 4096;

    private final SiteState site;
    private final Faults faults;
    private final CallGate gate;
    private final SiteAddress address;

    DownloadEndpoint(SiteState site, Faults faults, CallGate gate, SiteAddress address) {
        this.site = site;
        this.faults = faults;
        this.gate = gate;
        this.address = address;
    }

    @Override
    public void handle(HttpExchange ex, Map<String, String> flat) throws IOException {
        if (gate.failed(ex, MoodleSimulator.DOWNLOAD, flat)) {
            return;
        }
        String tok = flat.get("token");
        String fid = flat.get("filerecordid");
        if (tok == null) {
            sendDownloadError(ex, 200, "A required parameter (token) was missing", "missingparam");
            return;
        }
        if (fid == null) {
            sendDownloadError(ex, 200, "A required parameter (filerecordid) was missing", "missingparam");
            return;
        }
        String cleanToken = tok.replaceAll("[^A-Za-z0-9]", ""); // PARAM_ALPHANUM
        boolean validToken;
        Kind kind = null;
        StoredFile file = null;
        InputStream content = null;
        synchronized (site) {
            validToken = !site.tokenRevoked && cleanToken.equals(site.token);
            if (validToken) {
                kind = faults.takeArchiveOverride();
                ex.setStreams(null, faults.dripping(ex.getResponseBody()));
                file = site.files.get(Params.toId(Params.phpIntCast(fid)));
                if (file != null && file.path != null) {
                    // Opened now: a later overwrite of the slot can't break a download already answered.
                    content = Files.newInputStream(file.path);
                }
            }
        }
        if (!validToken) {
            sendDownloadError(ex, 200, "Invalid token - token not found", "invalidtoken");
            return;
        }
        try {
            if (kind != null) {
                sendOverride(ex, kind, file, content);
            } else if (file == null) {
                sendEmpty(ex);
            } else {
                FileSender.sendStoredFile(ex, file, content);
            }
        } finally {
            if (content != null) {
                content.close();
            }
        }
    }

    private void sendOverride(HttpExchange ex, Kind kind, StoredFile file, InputStream content) throws IOException {
        switch (kind) {
            case EMPTY_BODY -> sendEmpty(ex);
            case JSON_ERROR -> sendDownloadError(ex, 200, "Invalid token - token not found", "invalidtoken");
            case GARBAGE -> FileSender.sendArchiveBytes(ex, SimulatedArchive.garbage());
            case NO_BACKUP_XML -> FileSender.sendArchiveBytes(ex, SyntheticArchive.withoutBackupXml(facts(file)));
            case TRUNCATED -> sendTruncated(ex, file, content);
            case STALLED -> sendStalled(ex, file, content);
            default -> sendEmpty(ex);
        }
    }

    /** Facts of the file's course (or course 2, or any) for an archive without moodle_backup.xml. */
    private SimulatedArchive.CourseFacts facts(StoredFile file) {
        CourseRec c;
        synchronized (site) {
            c = site.courses.get(file != null ? file.courseid : 2);
            if (c == null) {
                c = site.courses.values().stream().findFirst().orElse(null);
            }
        }
        return c != null ? site.facts(c, address.url())
                : new SimulatedArchive.CourseFacts(0, "X", "X", "", "", 0, 0, "", 0, address.url());
    }

    /** Announces the whole file and sends half of it; closing the exchange then drops the connection. */
    private static void sendTruncated(HttpExchange ex, StoredFile file, InputStream content) throws IOException {
        InputStream in = content;
        long size;
        if (in == null) {
            byte[] b = SimulatedArchive.realArchive(SimulatedArchive.COURSE2_NO_USERDATA);
            if (b == null) {
                b = SimulatedArchive.garbage();
            }
            in = new ByteArrayInputStream(b);
            size = b.length;
        } else {
            size = file.size;
        }
        FileSender.backupHeaders(ex, file != null ? file : StoredFile.pseudoBackup(size));
        ex.sendResponseHeaders(200, size);
        OutputStream os = ex.getResponseBody();
        FileSender.copy(in, os, size / 2);
        os.flush();
        // Closing now (in HttpFront) with bytes missing makes the server drop the connection.
    }

    /** Announces the whole file, sends its first bytes, then stays silent with the connection open. */
    private void sendStalled(HttpExchange ex, StoredFile file, InputStream content) throws IOException {
        long epoch = faults.stallEpoch();
        InputStream in = content;
        long size;
        if (in == null) {
            byte[] b = SimulatedArchive.realArchive(SimulatedArchive.COURSE2_NO_USERDATA);
            in = new ByteArrayInputStream(b == null ? SimulatedArchive.garbage() : b);
            size = in.available();
        } else {
            size = file.size;
        }
        FileSender.backupHeaders(ex, file != null ? file : StoredFile.pseudoBackup(size));
        ex.sendResponseHeaders(200, size);
        OutputStream os = ex.getResponseBody();
        FileSender.copy(in, os, Math.min(size - 1, STALL_AFTER_BYTES));
        os.flush();
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try {
            while (faults.stallEpoch() == epoch && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the simulator stops
        }
        // Closing now (in HttpFront) with bytes missing makes the server drop the connection.
    }
}
