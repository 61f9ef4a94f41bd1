package simulator;

import static simulator.PhpJson.obj;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import simulator.MoodleSimulator.RestoredFrom;

/**
 * The course client's side of {@link RestoreCli}, the stand-in for admin/cli/restore_backup.php: reads the archive
 * as Moodle's restore would and creates the course the way the CLI leaves it ("Restore as a new course", C6).
 * Answers {courseid} or {stage, errorcode, message}.
 */
final class RestoreService implements Endpoint {

    private final SiteState site;
    private final Faults faults;
    private final CallGate gate;

    RestoreService(SiteState site, Faults faults, CallGate gate) {
        this.site = site;
        this.faults = faults;
        this.gate = gate;
    }

    /** {@code <java> -cp <classpath> simulator.RestoreCli --client=<url> --file={file} --categoryid={categoryid}}. */
    static String commandTemplate(String clientUrl) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath().toString();
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        String cp = String.join(File.pathSeparator, entries);
        if (javaBin.chars().anyMatch(Character::isWhitespace) || cp.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalStateException("java binary or classpath contains whitespace; the restore command "
                    + "template cannot be split on spaces: " + javaBin + " -cp " + cp);
        }
        if (cp.isEmpty()) {
            throw new IllegalStateException("empty java.class.path");
        }
        return javaBin + " -cp " + cp + " simulator.RestoreCli --client=" + clientUrl
                + " --file={file} --categoryid={categoryid}";
    }

    @Override
    public void handle(HttpExchange ex, Map<String, String> flat) throws IOException {
        if (gate.failed(ex, MoodleSimulator.RESTORE, flat)) {
            return;
        }
        Map<String, Object> answer;
        try {
            answer = restore(flat.get("file"), flat.get("categoryid"));
        } catch (WsError e) {
            answer = new LinkedHashMap<>();
            answer.put("stage", e.exception);
            answer.put("errorcode", e.errorcode);
            answer.put("message", e.getMessage());
        }
        Responses.sendBytes(ex, 200, "application/json", PhpJson.json(answer).getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> restore(String file, String categoryid) {
        Duration latency;
        long myEpoch;
        synchronized (site) {
            latency = faults.restoreLatency();
            myEpoch = site.epoch;
        }
        Times.sleep(latency);
        if (file == null || file.isEmpty() || categoryid == null || categoryid.isEmpty()) {
            throw new WsError("precheck", "missingparam", "A required parameter (file, categoryid) was missing");
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new WsError("precheck", "filenotfound", "Sorry, the requested file could not be found");
        }
        int cat = Params.toId(Params.phpIntCast(categoryid));
        synchronized (site) {
            if (!site.categories.containsKey(cat)) {
                throw new WsError("precheck", "invalidcategoryid", "Category ID was incorrect");
            }
        }
        SimulatedArchive.Inspection info;
        try {
            info = ArchiveInspector.inspect(path);
        } catch (IOException e) {
            throw new WsError("restore", "generalexceptionmessage", "Error: " + e.getMessage());
        }
        synchronized (site) {
            if (site.epoch != myEpoch) {
                throw new WsError("restore", "generalexceptionmessage", "Error: site was reset during the restore");
            }
            if (!site.categories.containsKey(cat)) {
                throw new WsError("restore", "generalexceptionmessage",
                        "Error: Can't find data record in database table course_categories.");
            }
            return obj("courseid", newCourse(path, info, cat).id);
        }
    }

    /** The restored course (caller holds the site's monitor). */
    private CourseRec newCourse(Path path, SimulatedArchive.Inspection info, int cat) {
        String[] names = newCourseNames("Restore as a new course", "New course");
        CourseRec c = new CourseRec();
        c.id = site.nextCourseId++;
        c.fullname = names[0];
        c.shortname = names[1];
        c.idnumber = "";
        c.summary = info.summary().isEmpty() ? "Summary of " + info.fullname() : info.summary();
        c.categoryid = cat;
        c.sortorder = 0;
        c.contextid = site.newContextId();
        c.startdate = info.startdate();
        long now = Times.nowSeconds();
        c.timecreated = now;
        c.timemodified = now;
        c.cacherev = now;
        c.restoredFrom = new RestoredFrom(path.toAbsolutePath().toString(), info.originalCourseId(),
                info.shortname(), info.fullname(), info.withUserData());
        site.courses.put(c.id, c);
        return c;
    }

    /** restore_dbops::calculate_course_names: " copy N" on the fullname and "_N" on the shortname. */
    private String[] newCourseNames(String fullname, String shortname) {
        for (int counter = 0; ; counter++) {
            String full = counter == 0 ? fullname : fullname + " copy " + counter;
            String suffix = counter == 0 ? "" : "_" + counter;
            String shortn = shortname.substring(0, Math.min(shortname.length(), 100 - suffix.length())) + suffix;
            boolean taken = site.courses.values().stream()
                    .anyMatch(c -> c.fullname.equals(full) || c.shortname.equals(shortn));
            if (!taken) {
                return new String[] {full, shortn};
            }
        }
    }
}
